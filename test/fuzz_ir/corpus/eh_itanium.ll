; ModuleID = 'weh.cpp.txt'
source_filename = "weh.cpp.txt"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.R = type { ptr }

$_ZN1RC2Ei = comdat any

$_ZN1RD2Ev = comdat any

@_ZTIi = external constant ptr
@_ZTIl = external constant ptr

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @_Z7throweri(i32 noundef %x) #0 {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4, !tbaa !5
  %0 = load i32, ptr %x.addr, align 4, !tbaa !5
  %cmp = icmp sgt i32 %0, 3
  br i1 %cmp, label %if.then, label %if.end

if.then:                                          ; preds = %entry
  %exception = call ptr @__cxa_allocate_exception(i64 4) #6
  store i32 5, ptr %exception, align 16, !tbaa !5
  call void @__cxa_throw(ptr %exception, ptr @_ZTIi, ptr null) #7
  unreachable

if.end:                                           ; preds = %entry
  %1 = load i32, ptr %x.addr, align 4, !tbaa !5
  ret i32 %1
}

declare ptr @__cxa_allocate_exception(i64)

declare void @__cxa_throw(ptr, ptr, ptr)

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @_Z7catcheri(i32 noundef %n) #0 personality ptr @__gxx_personality_v0 {
entry:
  %n.addr = alloca i32, align 4
  %s = alloca i32, align 4
  %i = alloca i32, align 4
  %r = alloca %struct.R, align 8
  %exn.slot = alloca ptr, align 8
  %ehselector.slot = alloca i32, align 4
  %e = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %s) #6
  store i32 0, ptr %s, align 4, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 4, ptr %i) #6
  store i32 0, ptr %i, align 4, !tbaa !5
  br label %for.cond

for.cond:                                         ; preds = %for.inc, %entry
  %0 = load i32, ptr %i, align 4, !tbaa !5
  %1 = load i32, ptr %n.addr, align 4, !tbaa !5
  %cmp = icmp slt i32 %0, %1
  br i1 %cmp, label %for.body, label %for.cond.cleanup

for.cond.cleanup:                                 ; preds = %for.cond
  call void @llvm.lifetime.end.p0(i64 4, ptr %i) #6
  br label %for.end

for.body:                                         ; preds = %for.cond
  call void @llvm.lifetime.start.p0(i64 8, ptr %r) #6
  %2 = load i32, ptr %i, align 4, !tbaa !5
  invoke void @_ZN1RC2Ei(ptr noundef nonnull align 8 dereferenceable(8) %r, i32 noundef %2)
          to label %invoke.cont unwind label %lpad

invoke.cont:                                      ; preds = %for.body
  %3 = load i32, ptr %i, align 4, !tbaa !5
  %call = invoke noundef i32 @_Z7throweri(i32 noundef %3)
          to label %invoke.cont2 unwind label %lpad1

invoke.cont2:                                     ; preds = %invoke.cont
  %p = getelementptr inbounds %struct.R, ptr %r, i32 0, i32 0
  %4 = load ptr, ptr %p, align 8, !tbaa !9
  %5 = load i32, ptr %4, align 4, !tbaa !5
  %add = add nsw i32 %call, %5
  %6 = load i32, ptr %s, align 4, !tbaa !5
  %add3 = add nsw i32 %6, %add
  store i32 %add3, ptr %s, align 4, !tbaa !5
  call void @_ZN1RD2Ev(ptr noundef nonnull align 8 dereferenceable(8) %r) #6
  call void @llvm.lifetime.end.p0(i64 8, ptr %r) #6
  br label %try.cont

lpad:                                             ; preds = %for.body
  %7 = landingpad { ptr, i32 }
          catch ptr @_ZTIi
          catch ptr null
  %8 = extractvalue { ptr, i32 } %7, 0
  store ptr %8, ptr %exn.slot, align 8
  %9 = extractvalue { ptr, i32 } %7, 1
  store i32 %9, ptr %ehselector.slot, align 4
  br label %ehcleanup

lpad1:                                            ; preds = %invoke.cont
  %10 = landingpad { ptr, i32 }
          catch ptr @_ZTIi
          catch ptr null
  %11 = extractvalue { ptr, i32 } %10, 0
  store ptr %11, ptr %exn.slot, align 8
  %12 = extractvalue { ptr, i32 } %10, 1
  store i32 %12, ptr %ehselector.slot, align 4
  call void @_ZN1RD2Ev(ptr noundef nonnull align 8 dereferenceable(8) %r) #6
  br label %ehcleanup

ehcleanup:                                        ; preds = %lpad1, %lpad
  call void @llvm.lifetime.end.p0(i64 8, ptr %r) #6
  br label %catch.dispatch

catch.dispatch:                                   ; preds = %ehcleanup
  %sel = load i32, ptr %ehselector.slot, align 4
  %13 = call i32 @llvm.eh.typeid.for.p0(ptr @_ZTIi) #6
  %matches = icmp eq i32 %sel, %13
  br i1 %matches, label %catch4, label %catch

catch4:                                           ; preds = %catch.dispatch
  call void @llvm.lifetime.start.p0(i64 4, ptr %e) #6
  %exn5 = load ptr, ptr %exn.slot, align 8
  %14 = call ptr @__cxa_begin_catch(ptr %exn5) #6
  %15 = load i32, ptr %14, align 4, !tbaa !5
  store i32 %15, ptr %e, align 4, !tbaa !5
  %16 = load i32, ptr %e, align 4, !tbaa !5
  %17 = load i32, ptr %s, align 4, !tbaa !5
  %sub6 = sub nsw i32 %17, %16
  store i32 %sub6, ptr %s, align 4, !tbaa !5
  %18 = load i32, ptr %i, align 4, !tbaa !5
  %cmp7 = icmp sgt i32 %18, 7
  br i1 %cmp7, label %if.then, label %if.end

if.then:                                          ; preds = %catch4
  invoke void @__cxa_rethrow() #7
          to label %unreachable unwind label %lpad8

catch:                                            ; preds = %catch.dispatch
  %exn = load ptr, ptr %exn.slot, align 8
  %19 = call ptr @__cxa_begin_catch(ptr %exn) #6
  %20 = load i32, ptr %s, align 4, !tbaa !5
  %sub = sub nsw i32 %20, 2
  store i32 %sub, ptr %s, align 4, !tbaa !5
  call void @__cxa_end_catch()
  br label %try.cont

lpad8:                                            ; preds = %if.then
  %21 = landingpad { ptr, i32 }
          cleanup
  %22 = extractvalue { ptr, i32 } %21, 0
  store ptr %22, ptr %exn.slot, align 8
  %23 = extractvalue { ptr, i32 } %21, 1
  store i32 %23, ptr %ehselector.slot, align 4
  call void @__cxa_end_catch() #6
  call void @llvm.lifetime.end.p0(i64 4, ptr %e) #6
  call void @llvm.lifetime.end.p0(i64 4, ptr %i) #6
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #6
  br label %eh.resume

if.end:                                           ; preds = %catch4
  call void @__cxa_end_catch() #6
  call void @llvm.lifetime.end.p0(i64 4, ptr %e) #6
  br label %try.cont

try.cont:                                         ; preds = %if.end, %catch, %invoke.cont2
  br label %for.inc

for.inc:                                          ; preds = %try.cont
  %24 = load i32, ptr %i, align 4, !tbaa !5
  %inc = add nsw i32 %24, 1
  store i32 %inc, ptr %i, align 4, !tbaa !5
  br label %for.cond, !llvm.loop !12

for.end:                                          ; preds = %for.cond.cleanup
  %25 = load i32, ptr %s, align 4, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 4, ptr %s) #6
  ret i32 %25

eh.resume:                                        ; preds = %lpad8
  %exn13 = load ptr, ptr %exn.slot, align 8
  %sel14 = load i32, ptr %ehselector.slot, align 4
  %lpad.val = insertvalue { ptr, i32 } poison, ptr %exn13, 0
  %lpad.val15 = insertvalue { ptr, i32 } %lpad.val, i32 %sel14, 1
  resume { ptr, i32 } %lpad.val15

unreachable:                                      ; preds = %if.then
  unreachable
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: mustprogress uwtable
define linkonce_odr dso_local void @_ZN1RC2Ei(ptr noundef nonnull align 8 dereferenceable(8) %this, i32 noundef %v) unnamed_addr #0 comdat align 2 {
entry:
  %this.addr = alloca ptr, align 8
  %v.addr = alloca i32, align 4
  store ptr %this, ptr %this.addr, align 8, !tbaa !15
  store i32 %v, ptr %v.addr, align 4, !tbaa !5
  %this1 = load ptr, ptr %this.addr, align 8
  %p = getelementptr inbounds %struct.R, ptr %this1, i32 0, i32 0
  %call = call noalias noundef nonnull ptr @_Znwm(i64 noundef 4) #8
  %0 = load i32, ptr %v.addr, align 4, !tbaa !5
  store i32 %0, ptr %call, align 4, !tbaa !5
  store ptr %call, ptr %p, align 8, !tbaa !9
  ret void
}

declare i32 @__gxx_personality_v0(...)

; Function Attrs: mustprogress nounwind uwtable
define linkonce_odr dso_local void @_ZN1RD2Ev(ptr noundef nonnull align 8 dereferenceable(8) %this) unnamed_addr #2 comdat align 2 {
entry:
  %this.addr = alloca ptr, align 8
  store ptr %this, ptr %this.addr, align 8, !tbaa !15
  %this1 = load ptr, ptr %this.addr, align 8
  %p = getelementptr inbounds %struct.R, ptr %this1, i32 0, i32 0
  %0 = load ptr, ptr %p, align 8, !tbaa !9
  %isnull = icmp eq ptr %0, null
  br i1 %isnull, label %delete.end, label %delete.notnull

delete.notnull:                                   ; preds = %entry
  call void @_ZdlPvm(ptr noundef %0, i64 noundef 4) #9
  br label %delete.end

delete.end:                                       ; preds = %delete.notnull, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nounwind memory(none)
declare i32 @llvm.eh.typeid.for.p0(ptr) #3

declare ptr @__cxa_begin_catch(ptr)

declare void @__cxa_end_catch()

declare void @__cxa_rethrow()

; Function Attrs: mustprogress uwtable
define dso_local noundef i32 @_Z6nestedi(i32 noundef %n) #0 personality ptr @__gxx_personality_v0 {
entry:
  %retval = alloca i32, align 4
  %n.addr = alloca i32, align 4
  %exn.slot = alloca ptr, align 8
  %ehselector.slot = alloca i32, align 4
  %0 = alloca i64, align 8
  %1 = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4, !tbaa !5
  %2 = load i32, ptr %n.addr, align 4, !tbaa !5
  %call = invoke noundef i32 @_Z7throweri(i32 noundef %2)
          to label %invoke.cont unwind label %lpad

invoke.cont:                                      ; preds = %entry
  store i32 %call, ptr %retval, align 4
  br label %return

lpad:                                             ; preds = %entry
  %3 = landingpad { ptr, i32 }
          catch ptr @_ZTIl
          catch ptr @_ZTIi
  %4 = extractvalue { ptr, i32 } %3, 0
  store ptr %4, ptr %exn.slot, align 8
  %5 = extractvalue { ptr, i32 } %3, 1
  store i32 %5, ptr %ehselector.slot, align 4
  br label %catch.dispatch

catch.dispatch:                                   ; preds = %lpad
  %sel = load i32, ptr %ehselector.slot, align 4
  %6 = call i32 @llvm.eh.typeid.for.p0(ptr @_ZTIl) #6
  %matches = icmp eq i32 %sel, %6
  br i1 %matches, label %catch, label %catch.dispatch1

catch.dispatch1:                                  ; preds = %catch.dispatch
  %sel2 = load i32, ptr %ehselector.slot, align 4
  %7 = call i32 @llvm.eh.typeid.for.p0(ptr @_ZTIi) #6
  %matches3 = icmp eq i32 %sel2, %7
  br i1 %matches3, label %catch4, label %eh.resume

catch4:                                           ; preds = %catch.dispatch1
  call void @llvm.lifetime.start.p0(i64 4, ptr %1) #6
  %exn5 = load ptr, ptr %exn.slot, align 8
  %8 = call ptr @__cxa_begin_catch(ptr %exn5) #6
  %9 = load i32, ptr %8, align 4, !tbaa !5
  store i32 %9, ptr %1, align 4, !tbaa !5
  store i32 -2, ptr %retval, align 4
  call void @__cxa_end_catch() #6
  call void @llvm.lifetime.end.p0(i64 4, ptr %1) #6
  br label %return

catch:                                            ; preds = %catch.dispatch
  call void @llvm.lifetime.start.p0(i64 8, ptr %0) #6
  %exn = load ptr, ptr %exn.slot, align 8
  %10 = call ptr @__cxa_begin_catch(ptr %exn) #6
  %11 = load i64, ptr %10, align 8, !tbaa !16
  store i64 %11, ptr %0, align 8, !tbaa !16
  store i32 -1, ptr %retval, align 4
  call void @__cxa_end_catch() #6
  call void @llvm.lifetime.end.p0(i64 8, ptr %0) #6
  br label %return

try.cont:                                         ; No predecessors!
  br label %try.cont6

try.cont6:                                        ; preds = %try.cont
  unreachable

return:                                           ; preds = %catch4, %catch, %invoke.cont
  %12 = load i32, ptr %retval, align 4
  ret i32 %12

eh.resume:                                        ; preds = %catch.dispatch1
  %exn7 = load ptr, ptr %exn.slot, align 8
  %sel8 = load i32, ptr %ehselector.slot, align 4
  %lpad.val = insertvalue { ptr, i32 } poison, ptr %exn7, 0
  %lpad.val9 = insertvalue { ptr, i32 } %lpad.val, i32 %sel8, 1
  resume { ptr, i32 } %lpad.val9
}

; Function Attrs: nobuiltin allocsize(0)
declare noundef nonnull ptr @_Znwm(i64 noundef) #4

; Function Attrs: nobuiltin nounwind
declare void @_ZdlPvm(ptr noundef, i64 noundef) #5

attributes #0 = { mustprogress uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { mustprogress nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nounwind memory(none) }
attributes #4 = { nobuiltin allocsize(0) "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nobuiltin nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { nounwind }
attributes #7 = { noreturn }
attributes #8 = { builtin allocsize(0) }
attributes #9 = { builtin nounwind }

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
!8 = !{!"Simple C++ TBAA"}
!9 = !{!10, !11, i64 0}
!10 = !{!"_ZTS1R", !11, i64 0}
!11 = !{!"any pointer", !7, i64 0}
!12 = distinct !{!12, !13, !14}
!13 = !{!"llvm.loop.mustprogress"}
!14 = !{!"llvm.loop.unroll.disable"}
!15 = !{!11, !11, i64 0}
!16 = !{!17, !17, i64 0}
!17 = !{!"long", !7, i64 0}
