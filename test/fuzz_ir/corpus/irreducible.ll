; ModuleID = 'irreducible.c'
source_filename = "irreducible.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nounwind uwtable
define dso_local i32 @irr(i32 noundef %a, i32 noundef %b) #0 {
entry:
  %a.addr = alloca i32, align 4
  %b.addr = alloca i32, align 4
  %x = alloca i32, align 4
  store i32 %a, ptr %a.addr, align 4, !tbaa !5
  store i32 %b, ptr %b.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %x) #3
  store i32 0, ptr %x, align 4, !tbaa !5
  %0 = load i32, ptr %a.addr, align 4, !tbaa !5
  %tobool = icmp ne i32 %0, 0
  br i1 %tobool, label %if.then, label %if.end

if.then:                                          ; preds = %entry
  br label %L2

if.end:                                           ; preds = %entry
  br label %L1

L1:                                               ; preds = %if.then5, %if.end
  %1 = load i32, ptr %x, align 4, !tbaa !5
  %add = add nsw i32 %1, 1
  store i32 %add, ptr %x, align 4, !tbaa !5
  %2 = load i32, ptr %x, align 4, !tbaa !5
  %3 = load i32, ptr %b.addr, align 4, !tbaa !5
  %cmp = icmp sgt i32 %2, %3
  br i1 %cmp, label %if.then1, label %if.end2

if.then1:                                         ; preds = %L1
  br label %out

if.end2:                                          ; preds = %L1
  br label %L2

L2:                                               ; preds = %if.end2, %if.then
  %4 = load i32, ptr %x, align 4, !tbaa !5
  %add3 = add nsw i32 %4, 2
  store i32 %add3, ptr %x, align 4, !tbaa !5
  %5 = load i32, ptr %x, align 4, !tbaa !5
  %cmp4 = icmp slt i32 %5, 100
  br i1 %cmp4, label %if.then5, label %if.end6

if.then5:                                         ; preds = %L2
  br label %L1

if.end6:                                          ; preds = %L2
  br label %out

out:                                              ; preds = %if.end6, %if.then1
  %6 = load i32, ptr %x, align 4, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 4, ptr %x) #3
  ret i32 %6
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nounwind uwtable
define dso_local i32 @nest(i32 noundef %n, i32 noundef %m) #0 {
entry:
  %retval = alloca i32, align 4
  %n.addr = alloca i32, align 4
  %m.addr = alloca i32, align 4
  %s = alloca i32, align 4
  %i = alloca i32, align 4
  %cleanup.dest.slot = alloca i32, align 4
  %j = alloca i32, align 4
  %k = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4, !tbaa !5
  store i32 %m, ptr %m.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %s) #3
  store i32 0, ptr %s, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %i) #3
  store i32 0, ptr %i, align 4, !tbaa !5
  br label %for.cond

for.cond:                                         ; preds = %for.inc19, %entry
  %0 = load i32, ptr %i, align 4, !tbaa !5
  %1 = load i32, ptr %n.addr, align 4, !tbaa !5
  %cmp = icmp slt i32 %0, %1
  br i1 %cmp, label %for.body, label %for.cond.cleanup

for.cond.cleanup:                                 ; preds = %for.cond
  store i32 2, ptr %cleanup.dest.slot, align 4
  br label %cleanup21

for.body:                                         ; preds = %for.cond
  %2 = load i32, ptr %i, align 4, !tbaa !5
  %cmp1 = icmp eq i32 %2, 7
  br i1 %cmp1, label %if.then, label %if.end

if.then:                                          ; preds = %for.body
  br label %for.inc19

if.end:                                           ; preds = %for.body
  call void @llvm.lifetime.start.p0(i64 4, ptr %j) #3
  store i32 0, ptr %j, align 4, !tbaa !5
  br label %for.cond2

for.cond2:                                        ; preds = %for.inc, %if.end
  %3 = load i32, ptr %j, align 4, !tbaa !5
  %4 = load i32, ptr %m.addr, align 4, !tbaa !5
  %cmp3 = icmp slt i32 %3, %4
  br i1 %cmp3, label %for.body5, label %for.cond.cleanup4

for.cond.cleanup4:                                ; preds = %for.cond2
  store i32 5, ptr %cleanup.dest.slot, align 4
  br label %cleanup

for.body5:                                        ; preds = %for.cond2
  %5 = load i32, ptr %j, align 4, !tbaa !5
  %6 = load i32, ptr %i, align 4, !tbaa !5
  %cmp6 = icmp eq i32 %5, %6
  br i1 %cmp6, label %if.then7, label %if.end8

if.then7:                                         ; preds = %for.body5
  store i32 5, ptr %cleanup.dest.slot, align 4
  br label %cleanup

if.end8:                                          ; preds = %for.body5
  %7 = load i32, ptr %i, align 4, !tbaa !5
  %8 = load i32, ptr %j, align 4, !tbaa !5
  %xor = xor i32 %7, %8
  %and = and i32 %xor, 4
  %tobool = icmp ne i32 %and, 0
  br i1 %tobool, label %if.then9, label %if.end10

if.then9:                                         ; preds = %if.end8
  br label %inner

if.end10:                                         ; preds = %if.end8
  %9 = load i32, ptr %j, align 4, !tbaa !5
  %10 = load i32, ptr %s, align 4, !tbaa !5
  %add = add nsw i32 %10, %9
  store i32 %add, ptr %s, align 4, !tbaa !5
  br label %for.inc

inner:                                            ; preds = %if.then9
  %11 = load i32, ptr %s, align 4, !tbaa !5
  %sub = sub nsw i32 %11, 1
  store i32 %sub, ptr %s, align 4, !tbaa !5
  br label %while.cond

while.cond:                                       ; preds = %if.end15, %inner
  %12 = load i32, ptr %s, align 4, !tbaa !5
  %cmp11 = icmp sgt i32 %12, 1000
  br i1 %cmp11, label %while.body, label %while.end

while.body:                                       ; preds = %while.cond
  %13 = load i32, ptr %s, align 4, !tbaa !5
  %div = sdiv i32 %13, 2
  store i32 %div, ptr %s, align 4, !tbaa !5
  %14 = load i32, ptr %s, align 4, !tbaa !5
  %and12 = and i32 %14, 1
  %tobool13 = icmp ne i32 %and12, 0
  br i1 %tobool13, label %if.then14, label %if.end15

if.then14:                                        ; preds = %while.body
  store i32 11, ptr %cleanup.dest.slot, align 4
  br label %cleanup

if.end15:                                         ; preds = %while.body
  br label %while.cond, !llvm.loop !9

while.end:                                        ; preds = %while.cond
  br label %for.inc

for.inc:                                          ; preds = %while.end, %if.end10
  %15 = load i32, ptr %j, align 4, !tbaa !5
  %inc = add nsw i32 %15, 1
  store i32 %inc, ptr %j, align 4, !tbaa !5
  br label %for.cond2, !llvm.loop !12

cleanup:                                          ; preds = %if.then14, %if.then7, %for.cond.cleanup4
  call void @llvm.lifetime.end.p0(i64 4, ptr %j) #3
  %cleanup.dest = load i32, ptr %cleanup.dest.slot, align 4
  switch i32 %cleanup.dest, label %cleanup21 [
    i32 5, label %for.end
    i32 11, label %next
  ]

for.end:                                          ; preds = %cleanup
  br label %next

next:                                             ; preds = %for.end, %cleanup
  %16 = load i32, ptr %s, align 4, !tbaa !5
  %cmp16 = icmp slt i32 %16, 0
  br i1 %cmp16, label %if.then17, label %if.end18

if.then17:                                        ; preds = %next
  store i32 12, ptr %cleanup.dest.slot, align 4
  br label %cleanup21

if.end18:                                         ; preds = %next
  br label %for.inc19

for.inc19:                                        ; preds = %if.end18, %if.then
  %17 = load i32, ptr %i, align 4, !tbaa !5
  %inc20 = add nsw i32 %17, 1
  store i32 %inc20, ptr %i, align 4, !tbaa !5
  br label %for.cond, !llvm.loop !13

cleanup21:                                        ; preds = %if.then17, %cleanup, %for.cond.cleanup
  call void @llvm.lifetime.end.p0(i64 4, ptr %i) #3
  %cleanup.dest22 = load i32, ptr %cleanup.dest.slot, align 4
  switch i32 %cleanup.dest22, label %cleanup42 [
    i32 2, label %for.end23
    i32 12, label %into
  ]

for.end23:                                        ; preds = %cleanup21
  %18 = load i32, ptr %s, align 4, !tbaa !5
  store i32 %18, ptr %retval, align 4
  store i32 1, ptr %cleanup.dest.slot, align 4
  br label %cleanup42

19:                                               ; No predecessors!
  br label %for.cond24

for.cond24:                                       ; preds = %for.end41, %19
  br label %into

into:                                             ; preds = %cleanup39, %for.cond24, %cleanup21
  %20 = load i32, ptr %s, align 4, !tbaa !5
  %inc25 = add nsw i32 %20, 1
  store i32 %inc25, ptr %s, align 4, !tbaa !5
  %21 = load i32, ptr %s, align 4, !tbaa !5
  %cmp26 = icmp sgt i32 %21, 50
  br i1 %cmp26, label %if.then27, label %if.end28

if.then27:                                        ; preds = %into
  %22 = load i32, ptr %s, align 4, !tbaa !5
  store i32 %22, ptr %retval, align 4
  store i32 1, ptr %cleanup.dest.slot, align 4
  br label %cleanup42

if.end28:                                         ; preds = %into
  call void @llvm.lifetime.start.p0(i64 4, ptr %k) #3
  store i32 0, ptr %k, align 4, !tbaa !5
  br label %for.cond29

for.cond29:                                       ; preds = %for.inc37, %if.end28
  %23 = load i32, ptr %k, align 4, !tbaa !5
  %cmp30 = icmp slt i32 %23, 3
  br i1 %cmp30, label %for.body32, label %for.cond.cleanup31

for.cond.cleanup31:                               ; preds = %for.cond29
  store i32 15, ptr %cleanup.dest.slot, align 4
  br label %cleanup39

for.body32:                                       ; preds = %for.cond29
  %24 = load i32, ptr %k, align 4, !tbaa !5
  %25 = load i32, ptr %s, align 4, !tbaa !5
  %cmp33 = icmp eq i32 %24, %25
  br i1 %cmp33, label %if.then34, label %if.end35

if.then34:                                        ; preds = %for.body32
  store i32 12, ptr %cleanup.dest.slot, align 4
  br label %cleanup39

if.end35:                                         ; preds = %for.body32
  %26 = load i32, ptr %k, align 4, !tbaa !5
  %27 = load i32, ptr %s, align 4, !tbaa !5
  %add36 = add nsw i32 %27, %26
  store i32 %add36, ptr %s, align 4, !tbaa !5
  br label %for.inc37

for.inc37:                                        ; preds = %if.end35
  %28 = load i32, ptr %k, align 4, !tbaa !5
  %inc38 = add nsw i32 %28, 1
  store i32 %inc38, ptr %k, align 4, !tbaa !5
  br label %for.cond29, !llvm.loop !14

cleanup39:                                        ; preds = %if.then34, %for.cond.cleanup31
  call void @llvm.lifetime.end.p0(i64 4, ptr %k) #3
  %cleanup.dest40 = load i32, ptr %cleanup.dest.slot, align 4
  switch i32 %cleanup.dest40, label %unreachable [
    i32 15, label %for.end41
    i32 12, label %into
  ]

for.end41:                                        ; preds = %cleanup39
  br label %for.cond24, !llvm.loop !15

cleanup42:                                        ; preds = %if.then27, %for.end23, %cleanup21
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #3
  %29 = load i32, ptr %retval, align 4
  ret i32 %29

unreachable:                                      ; preds = %cleanup39
  unreachable
}

; Function Attrs: nounwind uwtable
define dso_local i32 @duff(ptr noundef %to, ptr noundef %from, i32 noundef %count) #0 {
entry:
  %to.addr = alloca ptr, align 8
  %from.addr = alloca ptr, align 8
  %count.addr = alloca i32, align 4
  %n = alloca i32, align 4
  store ptr %to, ptr %to.addr, align 8, !tbaa !16
  store ptr %from, ptr %from.addr, align 8, !tbaa !16
  store i32 %count, ptr %count.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %n) #3
  %0 = load i32, ptr %count.addr, align 4, !tbaa !5
  %add = add nsw i32 %0, 7
  %div = sdiv i32 %add, 8
  store i32 %div, ptr %n, align 4, !tbaa !5
  %1 = load i32, ptr %count.addr, align 4, !tbaa !5
  %rem = srem i32 %1, 8
  switch i32 %rem, label %sw.epilog [
    i32 0, label %sw.bb
    i32 7, label %sw.bb2
    i32 6, label %sw.bb5
    i32 5, label %sw.bb8
    i32 4, label %sw.bb11
    i32 3, label %sw.bb14
    i32 2, label %sw.bb17
    i32 1, label %sw.bb20
  ]

sw.bb:                                            ; preds = %entry
  br label %do.body

do.body:                                          ; preds = %do.cond, %sw.bb
  %2 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr = getelementptr inbounds i8, ptr %2, i32 1
  store ptr %incdec.ptr, ptr %from.addr, align 8, !tbaa !16
  %3 = load i8, ptr %2, align 1, !tbaa !18
  %4 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr1 = getelementptr inbounds i8, ptr %4, i32 1
  store ptr %incdec.ptr1, ptr %to.addr, align 8, !tbaa !16
  store i8 %3, ptr %4, align 1, !tbaa !18
  br label %sw.bb2

sw.bb2:                                           ; preds = %entry, %do.body
  %5 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr3 = getelementptr inbounds i8, ptr %5, i32 1
  store ptr %incdec.ptr3, ptr %from.addr, align 8, !tbaa !16
  %6 = load i8, ptr %5, align 1, !tbaa !18
  %7 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr4 = getelementptr inbounds i8, ptr %7, i32 1
  store ptr %incdec.ptr4, ptr %to.addr, align 8, !tbaa !16
  store i8 %6, ptr %7, align 1, !tbaa !18
  br label %sw.bb5

sw.bb5:                                           ; preds = %entry, %sw.bb2
  %8 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr6 = getelementptr inbounds i8, ptr %8, i32 1
  store ptr %incdec.ptr6, ptr %from.addr, align 8, !tbaa !16
  %9 = load i8, ptr %8, align 1, !tbaa !18
  %10 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr7 = getelementptr inbounds i8, ptr %10, i32 1
  store ptr %incdec.ptr7, ptr %to.addr, align 8, !tbaa !16
  store i8 %9, ptr %10, align 1, !tbaa !18
  br label %sw.bb8

sw.bb8:                                           ; preds = %entry, %sw.bb5
  %11 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr9 = getelementptr inbounds i8, ptr %11, i32 1
  store ptr %incdec.ptr9, ptr %from.addr, align 8, !tbaa !16
  %12 = load i8, ptr %11, align 1, !tbaa !18
  %13 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr10 = getelementptr inbounds i8, ptr %13, i32 1
  store ptr %incdec.ptr10, ptr %to.addr, align 8, !tbaa !16
  store i8 %12, ptr %13, align 1, !tbaa !18
  br label %sw.bb11

sw.bb11:                                          ; preds = %entry, %sw.bb8
  %14 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr12 = getelementptr inbounds i8, ptr %14, i32 1
  store ptr %incdec.ptr12, ptr %from.addr, align 8, !tbaa !16
  %15 = load i8, ptr %14, align 1, !tbaa !18
  %16 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr13 = getelementptr inbounds i8, ptr %16, i32 1
  store ptr %incdec.ptr13, ptr %to.addr, align 8, !tbaa !16
  store i8 %15, ptr %16, align 1, !tbaa !18
  br label %sw.bb14

sw.bb14:                                          ; preds = %entry, %sw.bb11
  %17 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr15 = getelementptr inbounds i8, ptr %17, i32 1
  store ptr %incdec.ptr15, ptr %from.addr, align 8, !tbaa !16
  %18 = load i8, ptr %17, align 1, !tbaa !18
  %19 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr16 = getelementptr inbounds i8, ptr %19, i32 1
  store ptr %incdec.ptr16, ptr %to.addr, align 8, !tbaa !16
  store i8 %18, ptr %19, align 1, !tbaa !18
  br label %sw.bb17

sw.bb17:                                          ; preds = %entry, %sw.bb14
  %20 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr18 = getelementptr inbounds i8, ptr %20, i32 1
  store ptr %incdec.ptr18, ptr %from.addr, align 8, !tbaa !16
  %21 = load i8, ptr %20, align 1, !tbaa !18
  %22 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr19 = getelementptr inbounds i8, ptr %22, i32 1
  store ptr %incdec.ptr19, ptr %to.addr, align 8, !tbaa !16
  store i8 %21, ptr %22, align 1, !tbaa !18
  br label %sw.bb20

sw.bb20:                                          ; preds = %entry, %sw.bb17
  %23 = load ptr, ptr %from.addr, align 8, !tbaa !16
  %incdec.ptr21 = getelementptr inbounds i8, ptr %23, i32 1
  store ptr %incdec.ptr21, ptr %from.addr, align 8, !tbaa !16
  %24 = load i8, ptr %23, align 1, !tbaa !18
  %25 = load ptr, ptr %to.addr, align 8, !tbaa !16
  %incdec.ptr22 = getelementptr inbounds i8, ptr %25, i32 1
  store ptr %incdec.ptr22, ptr %to.addr, align 8, !tbaa !16
  store i8 %24, ptr %25, align 1, !tbaa !18
  br label %do.cond

do.cond:                                          ; preds = %sw.bb20
  %26 = load i32, ptr %n, align 4, !tbaa !5
  %dec = add nsw i32 %26, -1
  store i32 %dec, ptr %n, align 4, !tbaa !5
  %cmp = icmp sgt i32 %dec, 0
  br i1 %cmp, label %do.body, label %do.end, !llvm.loop !19

do.end:                                           ; preds = %do.cond
  br label %sw.epilog

sw.epilog:                                        ; preds = %do.end, %entry
  %27 = load i32, ptr %n, align 4, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 4, ptr %n) #3
  ret i32 %27
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #0 {
entry:
  %retval = alloca i32, align 4
  %a = alloca [20 x i8], align 16
  %b = alloca [20 x i8], align 16
  store i32 0, ptr %retval, align 4
  call void @llvm.lifetime.start.p0(i64 20, ptr %a) #3
  call void @llvm.lifetime.start.p0(i64 20, ptr %b) #3
  call void @llvm.memset.p0.i64(ptr align 16 %b, i8 0, i64 20, i1 false)
  %arraydecay = getelementptr inbounds [20 x i8], ptr %a, i64 0, i64 0
  %arraydecay1 = getelementptr inbounds [20 x i8], ptr %b, i64 0, i64 0
  %call = call i32 @duff(ptr noundef %arraydecay, ptr noundef %arraydecay1, i32 noundef 13)
  %call2 = call i32 @irr(i32 noundef 1, i32 noundef 5)
  %call3 = call i32 @nest(i32 noundef 10, i32 noundef 10)
  %add = add nsw i32 %call2, %call3
  call void @llvm.lifetime.end.p0(i64 20, ptr %b) #3
  call void @llvm.lifetime.end.p0(i64 20, ptr %a) #3
  ret i32 %add
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #2

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #3 = { nounwind }

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
!9 = distinct !{!9, !10, !11}
!10 = !{!"llvm.loop.mustprogress"}
!11 = !{!"llvm.loop.unroll.disable"}
!12 = distinct !{!12, !10, !11}
!13 = distinct !{!13, !10, !11}
!14 = distinct !{!14, !10, !11}
!15 = distinct !{!15, !11}
!16 = !{!17, !17, i64 0}
!17 = !{!"any pointer", !7, i64 0}
!18 = !{!7, !7, i64 0}
!19 = distinct !{!19, !10, !11}
