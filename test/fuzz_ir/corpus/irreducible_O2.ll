; ModuleID = 'irreducible.c'
source_filename = "irreducible.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nofree norecurse nosync nounwind memory(none) uwtable
define dso_local i32 @irr(i32 noundef %0, i32 noundef %1) local_unnamed_addr #0 {
  %3 = icmp eq i32 %0, 0
  br i1 %3, label %4, label %8

4:                                                ; preds = %8, %2
  %5 = phi i32 [ %10, %8 ], [ 0, %2 ]
  %6 = add nsw i32 %5, 1
  %7 = icmp slt i32 %5, %1
  br i1 %7, label %8, label %12

8:                                                ; preds = %4, %2
  %9 = phi i32 [ 0, %2 ], [ %6, %4 ]
  %10 = add nsw i32 %9, 2
  %11 = icmp slt i32 %9, 98
  br i1 %11, label %4, label %12

12:                                               ; preds = %8, %4
  %13 = phi i32 [ %6, %4 ], [ %10, %8 ]
  ret i32 %13
}

; Function Attrs: nofree norecurse nosync nounwind memory(none) uwtable
define dso_local i32 @nest(i32 noundef %0, i32 noundef %1) local_unnamed_addr #0 {
  %3 = icmp sgt i32 %0, 0
  br i1 %3, label %4, label %54

4:                                                ; preds = %2
  %5 = icmp slt i32 %1, 1
  br label %6

6:                                                ; preds = %4, %41
  %7 = phi i32 [ 0, %4 ], [ %43, %41 ]
  %8 = phi i32 [ 0, %4 ], [ %42, %41 ]
  %9 = icmp eq i32 %7, 7
  br i1 %9, label %41, label %10

10:                                               ; preds = %6
  %11 = icmp eq i32 %7, 0
  %12 = or i1 %5, %11
  br i1 %12, label %36, label %13

13:                                               ; preds = %10, %30
  %14 = phi i32 [ %32, %30 ], [ 0, %10 ]
  %15 = phi i32 [ %31, %30 ], [ %8, %10 ]
  %16 = xor i32 %14, %7
  %17 = and i32 %16, 4
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %19, label %21

19:                                               ; preds = %13
  %20 = add nsw i32 %14, %15
  br label %30

21:                                               ; preds = %13
  %22 = add nsw i32 %15, -1
  br label %23

23:                                               ; preds = %26, %21
  %24 = phi i32 [ %22, %21 ], [ %27, %26 ]
  %25 = icmp sgt i32 %24, 1000
  br i1 %25, label %26, label %30

26:                                               ; preds = %23
  %27 = lshr i32 %24, 1
  %28 = and i32 %24, 2
  %29 = icmp eq i32 %28, 0
  br i1 %29, label %23, label %41, !llvm.loop !5

30:                                               ; preds = %23, %19
  %31 = phi i32 [ %20, %19 ], [ %24, %23 ]
  %32 = add nuw nsw i32 %14, 1
  %33 = icmp sge i32 %32, %1
  %34 = icmp eq i32 %32, %7
  %35 = or i1 %33, %34
  br i1 %35, label %36, label %13, !llvm.loop !7

36:                                               ; preds = %30, %10
  %37 = phi i32 [ %8, %10 ], [ %31, %30 ]
  %38 = icmp slt i32 %37, 0
  br i1 %38, label %39, label %41

39:                                               ; preds = %36
  %40 = add nsw i32 %37, 1
  br label %50

41:                                               ; preds = %26, %36, %6
  %42 = phi i32 [ %8, %6 ], [ %37, %36 ], [ %27, %26 ]
  %43 = add nuw nsw i32 %7, 1
  %44 = icmp eq i32 %43, %0
  br i1 %44, label %54, label %6, !llvm.loop !8

45:                                               ; preds = %50
  br label %46

46:                                               ; preds = %50, %45, %52
  %47 = phi i32 [ 0, %50 ], [ %53, %52 ], [ %51, %45 ]
  %48 = add nsw i32 %47, 1
  %49 = icmp sgt i32 %47, 49
  br i1 %49, label %54, label %50

50:                                               ; preds = %39, %46
  %51 = phi i32 [ %48, %46 ], [ %40, %39 ]
  switch i32 %51, label %52 [
    i32 0, label %46
    i32 1, label %45
  ]

52:                                               ; preds = %50
  %53 = add nsw i32 %51, 3
  br label %46

54:                                               ; preds = %41, %46, %2
  %55 = phi i32 [ 0, %2 ], [ %48, %46 ], [ %42, %41 ]
  ret i32 %55
}

; Function Attrs: nofree norecurse nosync nounwind memory(readwrite, inaccessiblemem: none) uwtable
define dso_local range(i32 -268435456, 268435456) i32 @duff(ptr nocapture noundef writeonly %0, ptr nocapture noundef readonly %1, i32 noundef %2) local_unnamed_addr #1 {
  %4 = add nsw i32 %2, 7
  %5 = sdiv i32 %4, 8
  %6 = srem i32 %2, 8
  switch i32 %6, label %65 [
    i32 0, label %7
    i32 7, label %14
    i32 6, label %21
    i32 5, label %28
    i32 4, label %35
    i32 3, label %42
    i32 2, label %49
    i32 1, label %56
  ]

7:                                                ; preds = %3, %56
  %8 = phi ptr [ %60, %56 ], [ %1, %3 ]
  %9 = phi ptr [ %62, %56 ], [ %0, %3 ]
  %10 = phi i32 [ %63, %56 ], [ %5, %3 ]
  %11 = getelementptr inbounds i8, ptr %8, i64 1
  %12 = load i8, ptr %8, align 1, !tbaa !9
  %13 = getelementptr inbounds i8, ptr %9, i64 1
  store i8 %12, ptr %9, align 1, !tbaa !9
  br label %14

14:                                               ; preds = %3, %7
  %15 = phi ptr [ %11, %7 ], [ %1, %3 ]
  %16 = phi ptr [ %13, %7 ], [ %0, %3 ]
  %17 = phi i32 [ %10, %7 ], [ %5, %3 ]
  %18 = getelementptr inbounds i8, ptr %15, i64 1
  %19 = load i8, ptr %15, align 1, !tbaa !9
  %20 = getelementptr inbounds i8, ptr %16, i64 1
  store i8 %19, ptr %16, align 1, !tbaa !9
  br label %21

21:                                               ; preds = %3, %14
  %22 = phi ptr [ %18, %14 ], [ %1, %3 ]
  %23 = phi ptr [ %20, %14 ], [ %0, %3 ]
  %24 = phi i32 [ %17, %14 ], [ %5, %3 ]
  %25 = getelementptr inbounds i8, ptr %22, i64 1
  %26 = load i8, ptr %22, align 1, !tbaa !9
  %27 = getelementptr inbounds i8, ptr %23, i64 1
  store i8 %26, ptr %23, align 1, !tbaa !9
  br label %28

28:                                               ; preds = %3, %21
  %29 = phi ptr [ %25, %21 ], [ %1, %3 ]
  %30 = phi ptr [ %27, %21 ], [ %0, %3 ]
  %31 = phi i32 [ %24, %21 ], [ %5, %3 ]
  %32 = getelementptr inbounds i8, ptr %29, i64 1
  %33 = load i8, ptr %29, align 1, !tbaa !9
  %34 = getelementptr inbounds i8, ptr %30, i64 1
  store i8 %33, ptr %30, align 1, !tbaa !9
  br label %35

35:                                               ; preds = %3, %28
  %36 = phi ptr [ %32, %28 ], [ %1, %3 ]
  %37 = phi ptr [ %34, %28 ], [ %0, %3 ]
  %38 = phi i32 [ %31, %28 ], [ %5, %3 ]
  %39 = getelementptr inbounds i8, ptr %36, i64 1
  %40 = load i8, ptr %36, align 1, !tbaa !9
  %41 = getelementptr inbounds i8, ptr %37, i64 1
  store i8 %40, ptr %37, align 1, !tbaa !9
  br label %42

42:                                               ; preds = %3, %35
  %43 = phi ptr [ %39, %35 ], [ %1, %3 ]
  %44 = phi ptr [ %41, %35 ], [ %0, %3 ]
  %45 = phi i32 [ %38, %35 ], [ %5, %3 ]
  %46 = getelementptr inbounds i8, ptr %43, i64 1
  %47 = load i8, ptr %43, align 1, !tbaa !9
  %48 = getelementptr inbounds i8, ptr %44, i64 1
  store i8 %47, ptr %44, align 1, !tbaa !9
  br label %49

49:                                               ; preds = %3, %42
  %50 = phi ptr [ %46, %42 ], [ %1, %3 ]
  %51 = phi ptr [ %48, %42 ], [ %0, %3 ]
  %52 = phi i32 [ %45, %42 ], [ %5, %3 ]
  %53 = getelementptr inbounds i8, ptr %50, i64 1
  %54 = load i8, ptr %50, align 1, !tbaa !9
  %55 = getelementptr inbounds i8, ptr %51, i64 1
  store i8 %54, ptr %51, align 1, !tbaa !9
  br label %56

56:                                               ; preds = %3, %49
  %57 = phi ptr [ %1, %3 ], [ %53, %49 ]
  %58 = phi ptr [ %0, %3 ], [ %55, %49 ]
  %59 = phi i32 [ %5, %3 ], [ %52, %49 ]
  %60 = getelementptr inbounds i8, ptr %57, i64 1
  %61 = load i8, ptr %57, align 1, !tbaa !9
  %62 = getelementptr inbounds i8, ptr %58, i64 1
  store i8 %61, ptr %58, align 1, !tbaa !9
  %63 = add nsw i32 %59, -1
  %64 = icmp sgt i32 %59, 1
  br i1 %64, label %7, label %65, !llvm.loop !12

65:                                               ; preds = %56, %3
  %66 = phi i32 [ %5, %3 ], [ %63, %56 ]
  ret i32 %66
}

; Function Attrs: nofree norecurse nosync nounwind memory(none) uwtable
define dso_local i32 @main() local_unnamed_addr #0 {
  br label %1

1:                                                ; preds = %0, %32
  %2 = phi i32 [ -1, %0 ], [ %36, %32 ]
  %3 = phi i32 [ 0, %0 ], [ %34, %32 ]
  %4 = phi i32 [ 0, %0 ], [ %33, %32 ]
  %5 = tail call i32 @llvm.umin.i32(i32 %2, i32 9)
  switch i32 %3, label %6 [
    i32 7, label %32
    i32 0, label %27
  ]

6:                                                ; preds = %1, %23
  %7 = phi i32 [ %25, %23 ], [ 0, %1 ]
  %8 = phi i32 [ %24, %23 ], [ %4, %1 ]
  %9 = xor i32 %7, %3
  %10 = and i32 %9, 4
  %11 = icmp eq i32 %10, 0
  br i1 %11, label %12, label %14

12:                                               ; preds = %6
  %13 = add nsw i32 %8, %7
  br label %23

14:                                               ; preds = %6
  %15 = add nsw i32 %8, -1
  br label %16

16:                                               ; preds = %19, %14
  %17 = phi i32 [ %15, %14 ], [ %20, %19 ]
  %18 = icmp sgt i32 %17, 1000
  br i1 %18, label %19, label %23

19:                                               ; preds = %16
  %20 = lshr i32 %17, 1
  %21 = and i32 %17, 2
  %22 = icmp eq i32 %21, 0
  br i1 %22, label %16, label %32, !llvm.loop !5

23:                                               ; preds = %16, %12
  %24 = phi i32 [ %13, %12 ], [ %17, %16 ]
  %25 = add nuw nsw i32 %7, 1
  %26 = icmp eq i32 %7, %5
  br i1 %26, label %27, label %6, !llvm.loop !7

27:                                               ; preds = %23, %1
  %28 = phi i32 [ %4, %1 ], [ %24, %23 ]
  %29 = icmp slt i32 %28, 0
  br i1 %29, label %30, label %32

30:                                               ; preds = %27
  %31 = add nsw i32 %28, 1
  br label %42

32:                                               ; preds = %19, %1, %27
  %33 = phi i32 [ %4, %1 ], [ %28, %27 ], [ %20, %19 ]
  %34 = add nuw nsw i32 %3, 1
  %35 = icmp eq i32 %34, 10
  %36 = add nsw i32 %2, 1
  br i1 %35, label %46, label %1, !llvm.loop !8

37:                                               ; preds = %42
  br label %38

38:                                               ; preds = %42, %37, %44
  %39 = phi i32 [ 0, %42 ], [ %45, %44 ], [ %43, %37 ]
  %40 = add nsw i32 %39, 1
  %41 = icmp sgt i32 %39, 49
  br i1 %41, label %46, label %42

42:                                               ; preds = %38, %30
  %43 = phi i32 [ %40, %38 ], [ %31, %30 ]
  switch i32 %43, label %44 [
    i32 0, label %38
    i32 1, label %37
  ]

44:                                               ; preds = %42
  %45 = add nsw i32 %43, 3
  br label %38

46:                                               ; preds = %32, %38
  %47 = phi i32 [ %40, %38 ], [ %33, %32 ]
  %48 = add nsw i32 %47, 6
  ret i32 %48
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.umin.i32(i32, i32) #2

attributes #0 = { nofree norecurse nosync nounwind memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nofree norecurse nosync nounwind memory(readwrite, inaccessiblemem: none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = distinct !{!5, !6}
!6 = !{!"llvm.loop.mustprogress"}
!7 = distinct !{!7, !6}
!8 = distinct !{!8, !6}
!9 = !{!10, !10, i64 0}
!10 = !{!"omnipotent char", !11, i64 0}
!11 = !{!"Simple C/C++ TBAA"}
!12 = distinct !{!12, !6}
