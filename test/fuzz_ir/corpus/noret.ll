; ModuleID = 'noret.c'
source_filename = "noret.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@stderr = external global ptr, align 8
@.str = private unnamed_addr constant [4 x i8] c"%s\0A\00", align 1
@.str.1 = private unnamed_addr constant [4 x i8] c"neg\00", align 1

; Function Attrs: noreturn nounwind uwtable
define dso_local void @die(ptr noundef %m) #0 {
entry:
  %m.addr = alloca ptr, align 8
  store ptr %m, ptr %m.addr, align 8, !tbaa !5
  %0 = load ptr, ptr @stderr, align 8, !tbaa !5
  %1 = load ptr, ptr %m.addr, align 8, !tbaa !5
  %call = call i32 (ptr, ptr, ...) @fprintf(ptr noundef %0, ptr noundef @.str, ptr noundef %1) #5
  call void @exit(i32 noundef 2) #6
  unreachable
}

; Function Attrs: nounwind
declare i32 @fprintf(ptr noundef, ptr noundef, ...) #1

; Function Attrs: noreturn nounwind
declare void @exit(i32 noundef) #2

; Function Attrs: noreturn nounwind uwtable
define dso_local void @spin() #0 {
entry:
  br label %for.cond

for.cond:                                         ; preds = %for.cond, %entry
  br label %for.cond, !llvm.loop !9
}

; Function Attrs: nounwind uwtable
define dso_local void @empty() #3 {
entry:
  ret void
}

; Function Attrs: nounwind uwtable
define dso_local i32 @onlyunreach() #3 {
entry:
  unreachable
}

; Function Attrs: nounwind uwtable
define dso_local void @trap() #3 {
entry:
  call void @llvm.trap()
  ret void
}

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #4

; Function Attrs: nounwind uwtable
define dso_local i32 @chk(i32 noundef %x) #3 {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !11
  %0 = load i32, ptr %x.addr, align 4, !tbaa !11
  %cmp = icmp slt i32 %0, 0
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %entry
  call void @die(ptr noundef @.str.1) #7
  unreachable

if.end:                                           ; preds = %entry
  %1 = load i32, ptr %x.addr, align 4, !tbaa !11
  %cmp1 = icmp sgt i32 %1, 100
  br i1 %cmp1, label %if.then2, label %if.end3

if.then2:                                         ; preds = %if.end
  call void @abort() #6
  unreachable

if.end3:                                          ; preds = %if.end
  %2 = load i32, ptr %x.addr, align 4, !tbaa !11
  ret i32 %2
}

; Function Attrs: noreturn nounwind
declare void @abort() #2

; Function Attrs: nounwind uwtable
define dso_local void @inf(ptr noundef %p) #3 {
entry:
  %p.addr = alloca ptr, align 8
  store ptr %p, ptr %p.addr, align 8, !tbaa !5
  br label %for.cond

for.cond:                                         ; preds = %if.end, %entry
  %0 = load ptr, ptr %p.addr, align 8, !tbaa !5
  %1 = load volatile i32, ptr %0, align 4, !tbaa !11
  %tobool = icmp ne i32 %1, 0
  br i1 %tobool, label %if.then, label %if.end

if.then:                                          ; preds = %for.cond
  %2 = load ptr, ptr %p.addr, align 8, !tbaa !5
  store volatile i32 0, ptr %2, align 4, !tbaa !11
  br label %if.end

if.end:                                           ; preds = %if.then, %for.cond
  br label %for.cond, !llvm.loop !13
}

; Function Attrs: nounwind uwtable
define dso_local void @inf2(ptr noundef %p) #3 {
entry:
  %p.addr = alloca ptr, align 8
  store ptr %p, ptr %p.addr, align 8, !tbaa !5
  br label %while.body

while.body:                                       ; preds = %entry, %while.end
  br label %while.cond1

while.cond1:                                      ; preds = %while.body2, %while.body
  %0 = load ptr, ptr %p.addr, align 8, !tbaa !5
  %1 = load volatile i32, ptr %0, align 4, !tbaa !11
  %tobool = icmp ne i32 %1, 0
  br i1 %tobool, label %while.body2, label %while.end

while.body2:                                      ; preds = %while.cond1
  br label %while.cond1, !llvm.loop !14

while.end:                                        ; preds = %while.cond1
  %2 = load ptr, ptr %p.addr, align 8, !tbaa !5
  store volatile i32 1, ptr %2, align 4, !tbaa !11
  br label %while.body, !llvm.loop !16
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #3 {
entry:
  %retval = alloca i32, align 4
  store i32 0, ptr %retval, align 4
  call void @empty()
  %call = call i32 @chk(i32 noundef 3)
  ret i32 %call
}

attributes #0 = { noreturn nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { noreturn nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #5 = { nounwind }
attributes #6 = { noreturn nounwind }
attributes #7 = { noreturn }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"any pointer", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10}
!10 = !{!"llvm.loop.unroll.disable"}
!11 = !{!12, !12, i64 0}
!12 = !{!"int", !7, i64 0}
!13 = distinct !{!13, !10}
!14 = distinct !{!14, !15, !10}
!15 = !{!"llvm.loop.mustprogress"}
!16 = distinct !{!16, !10}
