; ModuleID = 'cgoto.c'
source_filename = "cgoto.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@interp.tab = internal global [4 x ptr] [ptr blockaddress(@interp, %op_add), ptr blockaddress(@interp, %op_sub), ptr blockaddress(@interp, %op_jmp), ptr blockaddress(@interp, %op_halt)], align 16
@__const.main.c = private unnamed_addr constant [4 x i8] c"\00\00\01\03", align 1

; Function Attrs: nounwind uwtable
define dso_local i32 @interp(ptr noundef %code, i32 noundef %n) #0 {
entry:
  %retval = alloca i32, align 4
  %code.addr = alloca ptr, align 8
  %n.addr = alloca i32, align 4
  %acc = alloca i32, align 4
  %pc = alloca i32, align 4
  store ptr %code, ptr %code.addr, align 8, !tbaa !5
  store i32 %n, ptr %n.addr, align 4, !tbaa !9
  store i32 0, ptr %acc, align 4, !tbaa !9
  store i32 0, ptr %pc, align 4, !tbaa !9
  %0 = load ptr, ptr %code.addr, align 8, !tbaa !5
  %1 = load i32, ptr %pc, align 4, !tbaa !9
  %idxprom = sext i32 %1 to i64
  %arrayidx = getelementptr inbounds i8, ptr %0, i64 %idxprom
  %2 = load i8, ptr %arrayidx, align 1, !tbaa !11
  %conv = zext i8 %2 to i32
  %and = and i32 %conv, 3
  %idxprom1 = sext i32 %and to i64
  %arrayidx2 = getelementptr inbounds [4 x ptr], ptr @interp.tab, i64 0, i64 %idxprom1
  %3 = load ptr, ptr %arrayidx2, align 8, !tbaa !5
  br label %indirectgoto

op_add:                                           ; preds = %indirectgoto
  %4 = load i32, ptr %acc, align 4, !tbaa !9
  %add = add nsw i32 %4, 1
  store i32 %add, ptr %acc, align 4, !tbaa !9
  %5 = load i32, ptr %pc, align 4, !tbaa !9
  %inc = add nsw i32 %5, 1
  store i32 %inc, ptr %pc, align 4, !tbaa !9
  %6 = load i32, ptr %n.addr, align 4, !tbaa !9
  %cmp = icmp sge i32 %inc, %6
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %op_add
  %7 = load i32, ptr %acc, align 4, !tbaa !9
  store i32 %7, ptr %retval, align 4
  br label %return

if.end:                                           ; preds = %op_add
  %8 = load ptr, ptr %code.addr, align 8, !tbaa !5
  %9 = load i32, ptr %pc, align 4, !tbaa !9
  %idxprom4 = sext i32 %9 to i64
  %arrayidx5 = getelementptr inbounds i8, ptr %8, i64 %idxprom4
  %10 = load i8, ptr %arrayidx5, align 1, !tbaa !11
  %conv6 = zext i8 %10 to i32
  %and7 = and i32 %conv6, 3
  %idxprom8 = sext i32 %and7 to i64
  %arrayidx9 = getelementptr inbounds [4 x ptr], ptr @interp.tab, i64 0, i64 %idxprom8
  %11 = load ptr, ptr %arrayidx9, align 8, !tbaa !5
  br label %indirectgoto

op_sub:                                           ; preds = %indirectgoto
  %12 = load i32, ptr %acc, align 4, !tbaa !9
  %sub = sub nsw i32 %12, 1
  store i32 %sub, ptr %acc, align 4, !tbaa !9
  %13 = load i32, ptr %pc, align 4, !tbaa !9
  %inc10 = add nsw i32 %13, 1
  store i32 %inc10, ptr %pc, align 4, !tbaa !9
  %14 = load i32, ptr %n.addr, align 4, !tbaa !9
  %cmp11 = icmp sge i32 %inc10, %14
  br i1 %cmp11, label %if.then13, label %if.end14

if.then13:                                        ; preds = %op_sub
  %15 = load i32, ptr %acc, align 4, !tbaa !9
  store i32 %15, ptr %retval, align 4
  br label %return

if.end14:                                         ; preds = %op_sub
  %16 = load ptr, ptr %code.addr, align 8, !tbaa !5
  %17 = load i32, ptr %pc, align 4, !tbaa !9
  %idxprom15 = sext i32 %17 to i64
  %arrayidx16 = getelementptr inbounds i8, ptr %16, i64 %idxprom15
  %18 = load i8, ptr %arrayidx16, align 1, !tbaa !11
  %conv17 = zext i8 %18 to i32
  %and18 = and i32 %conv17, 3
  %idxprom19 = sext i32 %and18 to i64
  %arrayidx20 = getelementptr inbounds [4 x ptr], ptr @interp.tab, i64 0, i64 %idxprom19
  %19 = load ptr, ptr %arrayidx20, align 8, !tbaa !5
  br label %indirectgoto

op_jmp:                                           ; preds = %indirectgoto
  %20 = load ptr, ptr %code.addr, align 8, !tbaa !5
  %21 = load i32, ptr %pc, align 4, !tbaa !9
  %add21 = add nsw i32 %21, 1
  %22 = load i32, ptr %n.addr, align 4, !tbaa !9
  %cmp22 = icmp slt i32 %add21, %22
  br i1 %cmp22, label %cond.true, label %cond.false

cond.true:                                        ; preds = %op_jmp
  %23 = load i32, ptr %pc, align 4, !tbaa !9
  %add24 = add nsw i32 %23, 1
  br label %cond.end

cond.false:                                       ; preds = %op_jmp
  br label %cond.end

cond.end:                                         ; preds = %cond.false, %cond.true
  %cond = phi i32 [ %add24, %cond.true ], [ 0, %cond.false ]
  %idxprom25 = sext i32 %cond to i64
  %arrayidx26 = getelementptr inbounds i8, ptr %20, i64 %idxprom25
  %24 = load i8, ptr %arrayidx26, align 1, !tbaa !11
  %conv27 = zext i8 %24 to i32
  %25 = load i32, ptr %n.addr, align 4, !tbaa !9
  %rem = srem i32 %conv27, %25
  store i32 %rem, ptr %pc, align 4, !tbaa !9
  %26 = load ptr, ptr %code.addr, align 8, !tbaa !5
  %27 = load i32, ptr %pc, align 4, !tbaa !9
  %idxprom28 = sext i32 %27 to i64
  %arrayidx29 = getelementptr inbounds i8, ptr %26, i64 %idxprom28
  %28 = load i8, ptr %arrayidx29, align 1, !tbaa !11
  %conv30 = zext i8 %28 to i32
  %and31 = and i32 %conv30, 3
  %idxprom32 = sext i32 %and31 to i64
  %arrayidx33 = getelementptr inbounds [4 x ptr], ptr @interp.tab, i64 0, i64 %idxprom32
  %29 = load ptr, ptr %arrayidx33, align 8, !tbaa !5
  br label %indirectgoto

op_halt:                                          ; preds = %indirectgoto
  %30 = load i32, ptr %acc, align 4, !tbaa !9
  store i32 %30, ptr %retval, align 4
  br label %return

return:                                           ; preds = %op_halt, %if.then13, %if.then
  %31 = load i32, ptr %retval, align 4
  ret i32 %31

indirectgoto:                                     ; preds = %cond.end, %if.end14, %if.end, %entry
  %indirect.goto.dest = phi ptr [ %3, %entry ], [ %11, %if.end ], [ %19, %if.end14 ], [ %29, %cond.end ]
  indirectbr ptr %indirect.goto.dest, [label %op_add, label %op_sub, label %op_jmp, label %op_halt]
}

; Function Attrs: nounwind uwtable
define dso_local ptr @addr(i32 noundef %k) #0 {
entry:
  %retval = alloca ptr, align 8
  %k.addr = alloca i32, align 4
  store i32 %k, ptr %k.addr, align 4, !tbaa !9
  %0 = load i32, ptr %k.addr, align 4, !tbaa !9
  %tobool = icmp ne i32 %0, 0
  %1 = zext i1 %tobool to i64
  %cond = select i1 %tobool, ptr blockaddress(@addr, %a), ptr blockaddress(@addr, %b)
  store ptr %cond, ptr %retval, align 8
  br label %return

a:                                                ; preds = %indirectgoto
  store ptr null, ptr %retval, align 8
  br label %return

b:                                                ; preds = %indirectgoto
  store ptr inttoptr (i64 1 to ptr), ptr %retval, align 8
  br label %return

return:                                           ; preds = %b, %a, %entry
  %2 = load ptr, ptr %retval, align 8
  ret ptr %2

indirectgoto:                                     ; No predecessors!
  indirectbr ptr undef, [label %a, label %b]
}

; Function Attrs: nounwind uwtable
define dso_local i32 @main() #0 {
entry:
  %retval = alloca i32, align 4
  %c = alloca [4 x i8], align 1
  store i32 0, ptr %retval, align 4
  call void @llvm.lifetime.start.p0(i64 4, ptr %c) #3
  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %c, ptr align 1 @__const.main.c, i64 4, i1 false)
  %arraydecay = getelementptr inbounds [4 x i8], ptr %c, i64 0, i64 0
  %call = call i32 @interp(ptr noundef %arraydecay, i32 noundef 4)
  call void @llvm.lifetime.end.p0(i64 4, ptr %c) #3
  ret i32 %call
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { nounwind }

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
!9 = !{!10, !10, i64 0}
!10 = !{!"int", !7, i64 0}
!11 = !{!7, !7, i64 0}
