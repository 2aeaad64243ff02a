; Hand-written fixture for test_llvm.c: IL offsets, successor indices,
; labels, flags, branch features and annotations.  The expected values are
; written next to each function; keep them in sync with test_llvm.c.
target triple = "x86_64-pc-linux-gnu"

declare void @ext(i32)
declare void @die() noreturn
declare i32 @__gxx_personality_v0(...)
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
declare i64 @llvm.expect.i64(i64, i64)
declare i1 @llvm.expect.i1(i1, i1)
declare i64 @llvm.expect.with.probability.i64(i64, i64, double)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; Blocks: entry(0) il 0 size 2; loop(1) il 2 size 6 (the 2 phis count);
; exit(2) il 8 size 2.  il_size 10.
define i32 @phis(i32 %n) {
entry:
  %c0 = icmp sgt i32 %n, 0
  br i1 %c0, label %loop, label %exit
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %loop ]
  %i.next = add i32 %i, 1
  %s.next = add i32 %s, %i
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  %r = phi i32 [ 0, %entry ], [ %s.next, %loop ]
  ret i32 %r
}

; Switch: successor 0 = default (%d), then cases 1 -> %a, 2 -> %b,
; 3 -> %a (duplicate target: a separate edge), 4 -> %d.
; Unnamed blocks: %1 and %2 have no label.
define i32 @sw(i32 %x) {
entry:
  switch i32 %x, label %d [
    i32 1, label %a
    i32 2, label %b
    i32 3, label %a
    i32 4, label %d
  ]
a:
  br label %1
b:
  br label %2
d:
  ret i32 0
1:
  ret i32 1
2:
  ret i32 2
}

; Flags: block call: real call + lifetime intrinsics (not calls), store;
; block ind: indirect call; block nr: noreturn call + unreachable;
; block ms: memset intrinsic only (stores, not calls).
define void @flags(ptr %p, ptr %fp, i32 %k) {
entry:
  %a = alloca i32
  switch i32 %k, label %call [
    i32 1, label %ind
    i32 2, label %nr
    i32 3, label %ms
  ]
call:
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  call void @ext(i32 1)
  store i32 1, ptr %p
  call void @llvm.lifetime.end.p0(i64 4, ptr %a)
  ret void
ind:
  call void %fp(i32 2)
  ret void
nr:
  call void @die()
  unreachable
ms:
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 4, i1 false)
  ret void
}

; Invoke and landing pad.
define void @eh(i32 %x) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @ext(i32 %x) to label %ok unwind label %lp
ok:
  ret void
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

; Branch features.
define i32 @feat(i32 %x, ptr %p, double %f) {
entry:
  %c1 = icmp slt i32 %x, 10              ; slt other const
  br i1 %c1, label %b1, label %b1
b1:
  %c2 = icmp eq ptr %p, null             ; eq pointer null
  br i1 %c2, label %b2, label %b2
b2:
  %c3 = icmp sgt i32 %x, -5              ; sgt other negative
  br i1 %c3, label %b3, label %b3
b3:
  %c4 = fcmp olt double %f, 1.0          ; folt float float
  br i1 %c4, label %b4, label %b4
b4:
  %c5 = icmp slt i32 %x, 0               ; negated: sge other zero
  %n5 = xor i1 %c5, true
  br i1 %n5, label %b5, label %b5
b5:
  %c6 = icmp ult i32 %x, 7               ; icmp eq (zext), 0: uge other const
  %z6 = zext i1 %c6 to i32
  %t6 = icmp eq i32 %z6, 0
  br i1 %t6, label %b6, label %b6
b6:
  %v = load i32, ptr %p
  %t7 = trunc i32 %v to i1               ; not a compare: none
  br i1 %t7, label %b7, label %b7
b7:
  %c8 = fcmp uge double %f, 2.0          ; negated float: folt float float
  %n8 = xor i1 true, %c8
  br i1 %n8, label %b8, label %b8
b8:
  ret i32 0
}

; Annotations.
define i32 @annot(i32 %x, i64 %y) {
entry:
  %c = icmp sgt i32 %x, 5                ; __builtin_expect(x > 5, 0)
  %z = zext i1 %c to i64
  %e = call i64 @llvm.expect.i64(i64 %z, i64 0)
  %t = icmp ne i64 %e, 0
  br i1 %t, label %a1, label %a2         ; 1/2001, 2000/2001
a1:
  br label %a2
a2:
  %c2 = icmp eq i32 %x, 3
  %e2 = call i1 @llvm.expect.i1(i1 %c2, i1 true)
  br i1 %e2, label %a3, label %a4        ; 2000/2001, 1/2001
a3:
  br label %a4
a4:
  %e3 = call i64 @llvm.expect.with.probability.i64(i64 %y, i64 2, double 0.75)
  switch i64 %e3, label %a5 [            ; case 2 is successor 2: 0.75
    i64 1, label %a6
    i64 2, label %a6
  ]
a5:
  %c4 = icmp ult i32 %x, 100
  br i1 %c4, label %a6, label %a7, !prof !0   ; 3/4, 1/4
a6:
  %e5 = call i64 @llvm.expect.i64(i64 %y, i64 9)
  switch i64 %e5, label %a7 [            ; no case 9: default likely
    i64 1, label %a8
    i64 2, label %a8
  ], !prof !1
a7:
  switch i32 %x, label %a8 [             ; !prof only: 1:2:5
    i32 0, label %a8
    i32 1, label %a9
  ], !prof !1
a8:
  %c6 = icmp eq i32 %x, 0
  br i1 %c6, label %a9, label %a9, !prof !2   ; "expected" marker: 1/4, 3/4
a9:
  ret i32 0
}

!0 = !{!"branch_weights", i32 30, i32 10}
!1 = !{!"branch_weights", i32 1, i32 2, i32 5}
!2 = !{!"branch_weights", !"expected", i32 1, i32 3}
