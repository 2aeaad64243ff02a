; ModuleID = 'asm.c'
source_filename = "asm.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nounwind uwtable
define dso_local i32 @rd(i32 noundef %x) #0 {
entry:
  %x.addr = alloca i32, align 4
  %y = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %y) #2
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  %1 = call i32 asm sideeffect "mov $1, $0", "=r,r,~{dirflag},~{fpsr},~{flags}"(i32 %0) #2, !srcloc !9
  store i32 %1, ptr %y, align 4, !tbaa !5
  %2 = load i32, ptr %y, align 4, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 4, ptr %y) #2
  ret i32 %2
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nounwind uwtable
define dso_local i32 @gotoasm(i32 noundef %x) #0 {
entry:
  %retval = alloca i32, align 4
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  callbr void asm sideeffect "testl $0, $0; jne ${1:l}", "r,!i,~{cc},~{dirflag},~{fpsr},~{flags}"(i32 %0) #2
          to label %asm.fallthrough [label %nz], !srcloc !10

asm.fallthrough:                                  ; preds = %entry
  store i32 0, ptr %retval, align 4
  br label %return

nz:                                               ; preds = %entry
  store i32 1, ptr %retval, align 4
  br label %return

return:                                           ; preds = %nz, %asm.fallthrough
  %1 = load i32, ptr %retval, align 4
  ret i32 %1
}

; Function Attrs: nounwind uwtable
define dso_local i32 @gotoasm_out(i32 noundef %x) #0 {
entry:
  %retval = alloca i32, align 4
  %x.addr = alloca i32, align 4
  %y = alloca i32, align 4
  %cleanup.dest.slot = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %y) #2
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  %1 = callbr i32 asm "movl $1, $0; testl $1, $1; jne ${2:l}", "=r,r,!i,~{cc},~{dirflag},~{fpsr},~{flags}"(i32 %0) #3
          to label %asm.fallthrough [label %nz.split], !srcloc !11

asm.fallthrough:                                  ; preds = %entry
  store i32 %1, ptr %y, align 4, !tbaa !5
  %2 = load i32, ptr %y, align 4, !tbaa !5
  store i32 %2, ptr %retval, align 4
  store i32 1, ptr %cleanup.dest.slot, align 4
  br label %cleanup

nz.split:                                         ; preds = %entry
  store i32 %1, ptr %y, align 4, !tbaa !5
  br label %nz

nz:                                               ; preds = %nz.split
  %3 = load i32, ptr %y, align 4, !tbaa !5
  %add = add nsw i32 %3, 1
  store i32 %add, ptr %retval, align 4
  store i32 1, ptr %cleanup.dest.slot, align 4
  br label %cleanup

cleanup:                                          ; preds = %nz, %asm.fallthrough
  call void @llvm.lifetime.end.p0(i64 4, ptr %y) #2
  %4 = load i32, ptr %retval, align 4
  ret i32 %4
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #0 {
entry:
  %retval = alloca i32, align 4
  store i32 0, ptr %retval, align 4
  %call = call i32 @rd(i32 noundef 3)
  %call1 = call i32 @gotoasm(i32 noundef 1)
  %add = add nsw i32 %call, %call1
  %call2 = call i32 @gotoasm_out(i32 noundef 2)
  %add3 = add nsw i32 %add, %call2
  ret i32 %add3
}

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nounwind }
attributes #3 = { nounwind memory(none) }

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
!9 = !{i64 42}
!10 = !{i64 120}
!11 = !{i64 247}
