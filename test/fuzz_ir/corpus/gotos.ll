; ModuleID = 'gotos.c'
source_filename = "gotos.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nounwind uwtable
define dso_local i32 @g(i32 noundef %n) #0 {
entry:
  %n.addr = alloca i32, align 4
  %s = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %s) #2
  store i32 0, ptr %s, align 4, !tbaa !5
  br label %top

top:                                              ; preds = %if.end14, %if.then10, %if.end7, %if.then2, %entry
  %0 = load i32, ptr %n.addr, align 4, !tbaa !5
  %cmp = icmp sle i32 %0, 0
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %top
  br label %done

if.end:                                           ; preds = %top
  %1 = load i32, ptr %n.addr, align 4, !tbaa !5
  %2 = load i32, ptr %s, align 4, !tbaa !5
  %add = add nsw i32 %2, %1
  store i32 %add, ptr %s, align 4, !tbaa !5
  %3 = load i32, ptr %n.addr, align 4, !tbaa !5
  %rem = srem i32 %3, 3
  %cmp1 = icmp eq i32 %rem, 0
  br i1 %cmp1, label %if.then2, label %if.end3

if.then2:                                         ; preds = %if.end
  %4 = load i32, ptr %n.addr, align 4, !tbaa !5
  %sub = sub nsw i32 %4, 2
  store i32 %sub, ptr %n.addr, align 4, !tbaa !5
  br label %top

if.end3:                                          ; preds = %if.end
  %5 = load i32, ptr %n.addr, align 4, !tbaa !5
  %rem4 = srem i32 %5, 5
  %cmp5 = icmp eq i32 %rem4, 0
  br i1 %cmp5, label %if.then6, label %if.end7

if.then6:                                         ; preds = %if.end3
  br label %mid

if.end7:                                          ; preds = %if.end3
  %6 = load i32, ptr %n.addr, align 4, !tbaa !5
  %dec = add nsw i32 %6, -1
  store i32 %dec, ptr %n.addr, align 4, !tbaa !5
  br label %top

mid:                                              ; preds = %if.then6
  %7 = load i32, ptr %n.addr, align 4, !tbaa !5
  %sub8 = sub nsw i32 %7, 4
  store i32 %sub8, ptr %n.addr, align 4, !tbaa !5
  %8 = load i32, ptr %n.addr, align 4, !tbaa !5
  %cmp9 = icmp sgt i32 %8, 10
  br i1 %cmp9, label %if.then10, label %if.end11

if.then10:                                        ; preds = %mid
  br label %top

if.end11:                                         ; preds = %mid
  br label %mid2

mid2:                                             ; preds = %if.end11
  %9 = load i32, ptr %s, align 4, !tbaa !5
  %mul = mul nsw i32 %9, 2
  store i32 %mul, ptr %s, align 4, !tbaa !5
  %10 = load i32, ptr %s, align 4, !tbaa !5
  %cmp12 = icmp sgt i32 %10, 1000
  br i1 %cmp12, label %if.then13, label %if.end14

if.then13:                                        ; preds = %mid2
  br label %done

if.end14:                                         ; preds = %mid2
  br label %top

done:                                             ; preds = %if.then13, %if.then
  %11 = load i32, ptr %s, align 4, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #2
  ret i32 %11
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nounwind uwtable
define dso_local i32 @unreach_blocks(i32 noundef %x) #0 {
entry:
  %retval = alloca i32, align 4
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  store i32 %0, ptr %retval, align 4
  br label %return

dead:                                             ; No predecessors!
  %1 = load i32, ptr %x.addr, align 4, !tbaa !5
  %inc = add nsw i32 %1, 1
  store i32 %inc, ptr %x.addr, align 4, !tbaa !5
  br label %dead2

dead2:                                            ; preds = %dead
  %2 = load i32, ptr %x.addr, align 4, !tbaa !5
  %mul = mul nsw i32 %2, 2
  store i32 %mul, ptr %retval, align 4
  br label %return

return:                                           ; preds = %dead2, %entry
  %3 = load i32, ptr %retval, align 4
  ret i32 %3
}

; Function Attrs: nounwind uwtable
define dso_local i32 @selfloop(i32 noundef %x) #0 {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  br label %l

l:                                                ; preds = %if.then, %entry
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  %dec = add nsw i32 %0, -1
  store i32 %dec, ptr %x.addr, align 4, !tbaa !5
  %cmp = icmp sgt i32 %dec, 0
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %l
  br label %l

if.end:                                           ; preds = %l
  %1 = load i32, ptr %x.addr, align 4, !tbaa !5
  ret i32 %1
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #0 {
entry:
  %retval = alloca i32, align 4
  store i32 0, ptr %retval, align 4
  %call = call i32 @g(i32 noundef 20)
  %call1 = call i32 @unreach_blocks(i32 noundef 1)
  %add = add nsw i32 %call, %call1
  %call2 = call i32 @selfloop(i32 noundef 4)
  %add3 = add nsw i32 %add, %call2
  ret i32 %add3
}

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nounwind }

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
