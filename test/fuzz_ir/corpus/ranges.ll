; ModuleID = 'ranges.c'
source_filename = "ranges.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nounwind uwtable
define dso_local i32 @cls(i32 noundef %c) #0 {
entry:
  %retval = alloca i32, align 4
  %c.addr = alloca i32, align 4
  store i32 %c, ptr %c.addr, align 4, !tbaa !5
  %0 = load i32, ptr %c.addr, align 4, !tbaa !5
  switch i32 %0, label %sw.caserange [
    i32 97, label %sw.bb
    i32 98, label %sw.bb
    i32 99, label %sw.bb
    i32 100, label %sw.bb
    i32 101, label %sw.bb
    i32 102, label %sw.bb
    i32 103, label %sw.bb
    i32 104, label %sw.bb
    i32 105, label %sw.bb
    i32 106, label %sw.bb
    i32 107, label %sw.bb
    i32 108, label %sw.bb
    i32 109, label %sw.bb
    i32 110, label %sw.bb
    i32 111, label %sw.bb
    i32 112, label %sw.bb
    i32 113, label %sw.bb
    i32 114, label %sw.bb
    i32 115, label %sw.bb
    i32 116, label %sw.bb
    i32 117, label %sw.bb
    i32 118, label %sw.bb
    i32 119, label %sw.bb
    i32 120, label %sw.bb
    i32 121, label %sw.bb
    i32 122, label %sw.bb
    i32 65, label %sw.bb1
    i32 66, label %sw.bb1
    i32 67, label %sw.bb1
    i32 68, label %sw.bb1
    i32 69, label %sw.bb1
    i32 70, label %sw.bb1
    i32 71, label %sw.bb1
    i32 72, label %sw.bb1
    i32 73, label %sw.bb1
    i32 74, label %sw.bb1
    i32 75, label %sw.bb1
    i32 76, label %sw.bb1
    i32 77, label %sw.bb1
    i32 78, label %sw.bb1
    i32 79, label %sw.bb1
    i32 80, label %sw.bb1
    i32 81, label %sw.bb1
    i32 82, label %sw.bb1
    i32 83, label %sw.bb1
    i32 84, label %sw.bb1
    i32 85, label %sw.bb1
    i32 86, label %sw.bb1
    i32 87, label %sw.bb1
    i32 88, label %sw.bb1
    i32 89, label %sw.bb1
    i32 90, label %sw.bb1
    i32 48, label %sw.bb2
    i32 49, label %sw.bb2
    i32 50, label %sw.bb2
    i32 51, label %sw.bb2
    i32 52, label %sw.bb2
    i32 53, label %sw.bb2
    i32 54, label %sw.bb2
    i32 55, label %sw.bb2
    i32 56, label %sw.bb2
    i32 57, label %sw.bb2
    i32 -50, label %sw.bb4
    i32 -49, label %sw.bb4
    i32 -48, label %sw.bb4
    i32 -47, label %sw.bb4
    i32 -46, label %sw.bb4
    i32 -45, label %sw.bb4
    i32 -44, label %sw.bb4
    i32 -43, label %sw.bb4
    i32 -42, label %sw.bb4
    i32 -41, label %sw.bb4
    i32 -40, label %sw.bb4
    i32 -39, label %sw.bb4
    i32 -38, label %sw.bb4
    i32 -37, label %sw.bb4
    i32 -36, label %sw.bb4
    i32 -35, label %sw.bb4
    i32 -34, label %sw.bb4
    i32 -33, label %sw.bb4
    i32 -32, label %sw.bb4
    i32 -31, label %sw.bb4
    i32 -30, label %sw.bb4
    i32 -29, label %sw.bb4
    i32 -28, label %sw.bb4
    i32 -27, label %sw.bb4
    i32 -26, label %sw.bb4
    i32 -25, label %sw.bb4
    i32 -24, label %sw.bb4
    i32 -23, label %sw.bb4
    i32 -22, label %sw.bb4
    i32 -21, label %sw.bb4
    i32 -20, label %sw.bb4
    i32 -19, label %sw.bb4
    i32 -18, label %sw.bb4
    i32 -17, label %sw.bb4
    i32 -16, label %sw.bb4
    i32 -15, label %sw.bb4
    i32 -14, label %sw.bb4
    i32 -13, label %sw.bb4
    i32 -12, label %sw.bb4
    i32 -11, label %sw.bb4
    i32 -10, label %sw.bb4
    i32 -9, label %sw.bb4
    i32 -8, label %sw.bb4
    i32 -7, label %sw.bb4
    i32 -6, label %sw.bb4
    i32 -5, label %sw.bb4
    i32 -4, label %sw.bb4
    i32 -3, label %sw.bb4
    i32 -2, label %sw.bb4
    i32 -1, label %sw.bb4
  ]

sw.bb:                                            ; preds = %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry
  store i32 1, ptr %retval, align 4
  br label %return

sw.bb1:                                           ; preds = %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry
  store i32 2, ptr %retval, align 4
  br label %return

sw.bb2:                                           ; preds = %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry
  store i32 3, ptr %retval, align 4
  br label %return

sw.bb3:                                           ; preds = %sw.caserange
  store i32 4, ptr %retval, align 4
  br label %return

sw.caserange:                                     ; preds = %entry
  %1 = sub i32 %0, 1000
  %inbounds = icmp ule i32 %1, 99000
  br i1 %inbounds, label %sw.bb3, label %sw.default

sw.bb4:                                           ; preds = %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry, %entry
  store i32 5, ptr %retval, align 4
  br label %return

sw.default:                                       ; preds = %sw.caserange
  store i32 0, ptr %retval, align 4
  br label %return

return:                                           ; preds = %sw.default, %sw.bb4, %sw.bb3, %sw.bb2, %sw.bb1, %sw.bb
  %2 = load i32, ptr %retval, align 4
  ret i32 %2
}

; Function Attrs: nounwind uwtable
define dso_local i32 @emptysw(i32 noundef %c) #0 {
entry:
  %c.addr = alloca i32, align 4
  store i32 %c, ptr %c.addr, align 4, !tbaa !5
  %0 = load i32, ptr %c.addr, align 4, !tbaa !5
  switch i32 %0, label %sw.default [
  ]

sw.default:                                       ; preds = %entry
  br label %sw.epilog

sw.epilog:                                        ; preds = %sw.default
  %1 = load i32, ptr %c.addr, align 4, !tbaa !5
  ret i32 %1
}

; Function Attrs: nounwind uwtable
define dso_local i32 @onecase(i32 noundef %c) #0 {
entry:
  %retval = alloca i32, align 4
  %c.addr = alloca i32, align 4
  store i32 %c, ptr %c.addr, align 4, !tbaa !5
  %0 = load i32, ptr %c.addr, align 4, !tbaa !5
  switch i32 %0, label %sw.epilog [
    i32 5, label %sw.bb
  ]

sw.bb:                                            ; preds = %entry
  store i32 1, ptr %retval, align 4
  br label %return

sw.epilog:                                        ; preds = %entry
  store i32 0, ptr %retval, align 4
  br label %return

return:                                           ; preds = %sw.epilog, %sw.bb
  %1 = load i32, ptr %retval, align 4
  ret i32 %1
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #0 {
entry:
  %retval = alloca i32, align 4
  store i32 0, ptr %retval, align 4
  %call = call i32 @cls(i32 noundef 113)
  ret i32 %call
}

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"int", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
