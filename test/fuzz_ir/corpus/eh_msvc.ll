; ModuleID = 'weh.cpp.txt'
source_filename = "weh.cpp.txt"
target datalayout = "e-m:w-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-windows-msvc19.33.0"

%rtti.TypeDescriptor2 = type { ptr, ptr, [3 x i8] }
%eh.CatchableType = type { i32, i32, i32, i32, i32, i32, i32 }
%eh.CatchableTypeArray.1 = type { i32, [1 x i32] }
%eh.ThrowInfo = type { i32, i32, i32, i32 }
%struct.R = type { ptr }

$"??0R@@QEAA@H@Z" = comdat any

$"??1R@@QEAA@XZ" = comdat any

$"??_R0H@8" = comdat any

$"_CT??_R0H@84" = comdat any

$_CTA1H = comdat any

$_TI1H = comdat any

$"??_R0J@8" = comdat any

@"??_7type_info@@6B@" = external constant ptr
@"??_R0H@8" = linkonce_odr global %rtti.TypeDescriptor2 { ptr @"??_7type_info@@6B@", ptr null, [3 x i8] c".H\00" }, comdat
@__ImageBase = external dso_local constant i8
@"_CT??_R0H@84" = linkonce_odr unnamed_addr constant %eh.CatchableType { i32 1, i32 trunc (i64 sub nuw nsw (i64 ptrtoint (ptr @"??_R0H@8" to i64), i64 ptrtoint (ptr @__ImageBase to i64)) to i32), i32 0, i32 -1, i32 0, i32 4, i32 0 }, section ".xdata", comdat
@_CTA1H = linkonce_odr unnamed_addr constant %eh.CatchableTypeArray.1 { i32 1, [1 x i32] [i32 trunc (i64 sub nuw nsw (i64 ptrtoint (ptr @"_CT??_R0H@84" to i64), i64 ptrtoint (ptr @__ImageBase to i64)) to i32)] }, section ".xdata", comdat
@_TI1H = linkonce_odr unnamed_addr constant %eh.ThrowInfo { i32 0, i32 0, i32 0, i32 trunc (i64 sub nuw nsw (i64 ptrtoint (ptr @_CTA1H to i64), i64 ptrtoint (ptr @__ImageBase to i64)) to i32) }, section ".xdata", comdat
@"??_R0J@8" = linkonce_odr global %rtti.TypeDescriptor2 { ptr @"??_7type_info@@6B@", ptr null, [3 x i8] c".J\00" }, comdat

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @"?thrower@@YAHH@Z"(i32 noundef %x) #0 {
entry:
  %x.addr = alloca i32, align 4
  %tmp = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  %0 = load i32, ptr %x.addr, align 4
  %cmp = icmp sgt i32 %0, 3
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %entry
  store i32 5, ptr %tmp, align 4
  call void @_CxxThrowException(ptr %tmp, ptr @_TI1H) #5
  unreachable

if.end:                                           ; preds = %entry
  %1 = load i32, ptr %x.addr, align 4
  ret i32 %1
}

declare dso_local void @_CxxThrowException(ptr, ptr)

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @"?catcher@@YAHH@Z"(i32 noundef %n) #0 personality ptr @__CxxFrameHandler3 {
entry:
  %n.addr = alloca i32, align 4
  %s = alloca i32, align 4
  %i = alloca i32, align 4
  %r = alloca %struct.R, align 8
  %e = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4
  call void @llvm.lifetime.start.p0(i64 4, ptr %s) #6
  store i32 0, ptr %s, align 4
  call void @llvm.lifetime.start.p0(i64 4, ptr %i) #6
  store i32 0, ptr %i, align 4
  br label %for.cond

for.cond:                                         ; preds = %for.inc, %entry
  %0 = load i32, ptr %i, align 4
  %1 = load i32, ptr %n.addr, align 4
  %cmp = icmp slt i32 %0, %1
  br i1 %cmp, label %for.body, label %for.cond.cleanup

for.cond.cleanup:                                 ; preds = %for.cond
  call void @llvm.lifetime.end.p0(i64 4, ptr %i) #6
  br label %for.end

for.body:                                         ; preds = %for.cond
  call void @llvm.lifetime.start.p0(i64 8, ptr %r) #6
  %2 = load i32, ptr %i, align 4
  %call = invoke noundef ptr @"??0R@@QEAA@H@Z"(ptr noundef nonnull align 8 dereferenceable(8) %r, i32 noundef %2)
          to label %invoke.cont unwind label %ehcleanup4

invoke.cont:                                      ; preds = %for.body
  %3 = load i32, ptr %i, align 4
  %call2 = invoke noundef i32 @"?thrower@@YAHH@Z"(i32 noundef %3)
          to label %invoke.cont1 unwind label %ehcleanup

invoke.cont1:                                     ; preds = %invoke.cont
  %p = getelementptr inbounds %struct.R, ptr %r, i32 0, i32 0
  %4 = load ptr, ptr %p, align 8
  %5 = load i32, ptr %4, align 4
  %add = add nsw i32 %call2, %5
  %6 = load i32, ptr %s, align 4
  %add3 = add nsw i32 %6, %add
  store i32 %add3, ptr %s, align 4
  call void @"??1R@@QEAA@XZ"(ptr noundef nonnull align 8 dereferenceable(8) %r) #6
  call void @llvm.lifetime.end.p0(i64 8, ptr %r) #6
  br label %try.cont

ehcleanup:                                        ; preds = %invoke.cont
  %7 = cleanuppad within none []
  call void @"??1R@@QEAA@XZ"(ptr noundef nonnull align 8 dereferenceable(8) %r) #6 [ "funclet"(token %7) ]
  cleanupret from %7 unwind label %ehcleanup4

ehcleanup4:                                       ; preds = %ehcleanup, %for.body
  %8 = cleanuppad within none []
  call void @llvm.lifetime.end.p0(i64 8, ptr %r) #6
  cleanupret from %8 unwind label %catch.dispatch

catch.dispatch:                                   ; preds = %ehcleanup4
  %9 = catchswitch within none [label %catch5, label %catch] unwind label %ehcleanup9

catch5:                                           ; preds = %catch.dispatch
  %10 = catchpad within %9 [ptr @"??_R0H@8", i32 0, ptr %e]
  %11 = load i32, ptr %e, align 4
  %12 = load i32, ptr %s, align 4
  %sub6 = sub nsw i32 %12, %11
  store i32 %sub6, ptr %s, align 4
  %13 = load i32, ptr %i, align 4
  %cmp7 = icmp sgt i32 %13, 7
  br i1 %cmp7, label %if.then, label %if.end

if.then:                                          ; preds = %catch5
  call void @_CxxThrowException(ptr null, ptr null) #5 [ "funclet"(token %10) ]
  unreachable

catch:                                            ; preds = %catch.dispatch
  %14 = catchpad within %9 [ptr null, i32 64, ptr null]
  %15 = load i32, ptr %s, align 4
  %sub = sub nsw i32 %15, 2
  store i32 %sub, ptr %s, align 4
  catchret from %14 to label %catchret.dest

catchret.dest:                                    ; preds = %catch
  br label %try.cont

if.end:                                           ; preds = %catch5
  catchret from %10 to label %catchret.dest8

catchret.dest8:                                   ; preds = %if.end
  br label %try.cont

try.cont:                                         ; preds = %catchret.dest8, %catchret.dest, %invoke.cont1
  br label %for.inc

for.inc:                                          ; preds = %try.cont
  %16 = load i32, ptr %i, align 4
  %inc = add nsw i32 %16, 1
  store i32 %inc, ptr %i, align 4
  br label %for.cond, !llvm.loop !5

ehcleanup9:                                       ; preds = %catch.dispatch
  %17 = cleanuppad within none []
  call void @llvm.lifetime.end.p0(i64 4, ptr %i) #6
  cleanupret from %17 unwind label %ehcleanup10

for.end:                                          ; preds = %for.cond.cleanup
  %18 = load i32, ptr %s, align 4
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #6
  ret i32 %18

ehcleanup10:                                      ; preds = %ehcleanup9
  %19 = cleanuppad within none []
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #6
  cleanupret from %19 unwind to caller
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: mustprogress uwtable
define linkonce_odr dso_local noundef ptr @"??0R@@QEAA@H@Z"(ptr noundef nonnull returned align 8 dereferenceable(8) %this, i32 noundef %v) unnamed_addr #0 comdat align 2 {
entry:
  %v.addr = alloca i32, align 4
  %this.addr = alloca ptr, align 8
  store i32 %v, ptr %v.addr, align 4
  store ptr %this, ptr %this.addr, align 8
  %this1 = load ptr, ptr %this.addr, align 8
  %p = getelementptr inbounds %struct.R, ptr %this1, i32 0, i32 0
  %call = call noalias noundef nonnull ptr @"??2@YAPEAX_K@Z"(i64 noundef 4) #7
  %0 = load i32, ptr %v.addr, align 4
  store i32 %0, ptr %call, align 4
  store ptr %call, ptr %p, align 8
  ret ptr %this1
}

declare dso_local i32 @__CxxFrameHandler3(...)

; Function Attrs: mustprogress nounwind uwtable
define linkonce_odr dso_local void @"??1R@@QEAA@XZ"(ptr noundef nonnull align 8 dereferenceable(8) %this) unnamed_addr #2 comdat align 2 {
entry:
  %this.addr = alloca ptr, align 8
  store ptr %this, ptr %this.addr, align 8
  %this1 = load ptr, ptr %this.addr, align 8
  %p = getelementptr inbounds %struct.R, ptr %this1, i32 0, i32 0
  %0 = load ptr, ptr %p, align 8
  %isnull = icmp eq ptr %0, null
  br i1 %isnull, label %delete.end, label %delete.notnull

delete.notnull:                                   ; preds = %entry
  call void @"??3@YAXPEAX_K@Z"(ptr noundef %0, i64 noundef 4) #8
  br label %delete.end

delete.end:                                       ; preds = %delete.notnull, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @"?nested@@YAHH@Z"(i32 noundef %n) #0 personality ptr @__CxxFrameHandler3 {
entry:
  %retval = alloca i32, align 4
  %n.addr = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4
  %0 = load i32, ptr %n.addr, align 4
  %call = invoke noundef i32 @"?thrower@@YAHH@Z"(i32 noundef %0)
          to label %invoke.cont unwind label %catch.dispatch

catch.dispatch:                                   ; preds = %entry
  %1 = catchswitch within none [label %catch] unwind label %catch.dispatch1

catch.dispatch1:                                  ; preds = %catch.dispatch
  %2 = catchswitch within none [label %catch2] unwind to caller

catch2:                                           ; preds = %catch.dispatch1
  %3 = catchpad within %2 [ptr @"??_R0H@8", i32 0, ptr null]
  store i32 -2, ptr %retval, align 4
  catchret from %3 to label %catchret.dest3

catch:                                            ; preds = %catch.dispatch
  %4 = catchpad within %1 [ptr @"??_R0J@8", i32 0, ptr null]
  store i32 -1, ptr %retval, align 4
  catchret from %4 to label %catchret.dest

invoke.cont:                                      ; preds = %entry
  store i32 %call, ptr %retval, align 4
  br label %return

catchret.dest:                                    ; preds = %catch
  br label %return

try.cont:                                         ; No predecessors!
  br label %try.cont4

catchret.dest3:                                   ; preds = %catch2
  br label %return

try.cont4:                                        ; preds = %try.cont
  unreachable

return:                                           ; preds = %catchret.dest3, %catchret.dest, %invoke.cont
  %5 = load i32, ptr %retval, align 4
  ret i32 %5
}

; Function Attrs: nobuiltin allocsize(0)
declare dso_local noundef nonnull ptr @"??2@YAPEAX_K@Z"(i64 noundef) #3

; Function Attrs: nobuiltin nounwind
declare dso_local void @"??3@YAXPEAX_K@Z"(ptr noundef, i64 noundef) #4

attributes #0 = { mustprogress uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { mustprogress nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nobuiltin allocsize(0) "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { nobuiltin nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { noreturn }
attributes #6 = { nounwind }
attributes #7 = { builtin allocsize(0) }
attributes #8 = { builtin nounwind }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 2}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"uwtable", i32 2}
!3 = !{i32 1, !"MaxTLSAlign", i32 65536}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = distinct !{!5, !6, !7}
!6 = !{!"llvm.loop.mustprogress"}
!7 = !{!"llvm.loop.unroll.disable"}
