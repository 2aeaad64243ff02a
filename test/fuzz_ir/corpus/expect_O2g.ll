; ModuleID = 'expect.c'
source_filename = "expect.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef range(i32 1, 3) i32 @e1(i32 noundef %0) local_unnamed_addr #0 !dbg !10 {
    #dbg_value(i32 %0, !15, !DIExpression(), !16)
  %2 = icmp sgt i32 %0, 10, !dbg !17
  %3 = select i1 %2, i32 1, i32 2, !dbg !19, !prof !20
  ret i32 %3, !dbg !21
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) uwtable
define dso_local i32 @e2(ptr noundef readonly %0) local_unnamed_addr #1 !dbg !22 {
    #dbg_value(ptr %0, !27, !DIExpression(), !28)
  %2 = icmp eq ptr %0, null, !dbg !29
  br i1 %2, label %5, label %3, !dbg !31, !prof !32

3:                                                ; preds = %1
  %4 = load i32, ptr %0, align 4, !dbg !33, !tbaa !34
  br label %5, !dbg !38

5:                                                ; preds = %1, %3
  %6 = phi i32 [ %4, %3 ], [ 0, %1 ], !dbg !39
  ret i32 %6, !dbg !40
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local range(i32 0, 2) i32 @e3(double noundef %0) local_unnamed_addr #0 !dbg !41 {
    #dbg_value(double %0, !46, !DIExpression(), !47)
  %2 = fcmp olt double %0, 5.000000e-01, !dbg !48
  %3 = zext i1 %2 to i32, !dbg !50
  ret i32 %3, !dbg !51
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef range(i32 4, 7) i32 @e4(i32 noundef %0) local_unnamed_addr #0 !dbg !52 {
    #dbg_value(i32 %0, !54, !DIExpression(), !55)
  %2 = icmp eq i32 %0, 3, !dbg !56
  %3 = select i1 %2, i32 5, i32 6, !dbg !56
  %4 = icmp eq i32 %0, 1, !dbg !56
  %5 = select i1 %4, i32 4, i32 %3, !dbg !56
  ret i32 %5, !dbg !57
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local range(i32 0, 2) i32 @e5(i32 noundef %0) local_unnamed_addr #0 !dbg !58 {
    #dbg_value(i32 %0, !63, !DIExpression(), !64)
  %2 = and i32 %0, 1, !dbg !65
  %3 = xor i32 %2, 1, !dbg !67
  ret i32 %3, !dbg !68
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(inaccessiblemem: write) uwtable
define dso_local noundef i32 @e6(i32 noundef returned %0) local_unnamed_addr #2 !dbg !69 {
    #dbg_value(i32 %0, !71, !DIExpression(), !72)
  %2 = icmp slt i32 %0, 6, !dbg !73
  tail call void @llvm.assume(i1 %2), !dbg !75
  ret i32 %0, !dbg !76
}

; Function Attrs: nounwind uwtable
define dso_local range(i32 -2147483648, 2147483647) i32 @e7(i32 noundef %0) local_unnamed_addr #3 !dbg !77 {
    #dbg_value(i32 %0, !79, !DIExpression(), !80)
  br label %2, !dbg !81

2:                                                ; preds = %6, %1
  %3 = phi i32 [ %0, %1 ], [ %4, %6 ]
    #dbg_value(i32 %3, !79, !DIExpression(), !80)
  %4 = add nsw i32 %3, -1, !dbg !82
    #dbg_value(i32 %4, !79, !DIExpression(), !80)
  %5 = icmp sgt i32 %3, 0, !dbg !83
  br i1 %5, label %6, label %9, !dbg !81, !prof !32

6:                                                ; preds = %2
  %7 = icmp eq i32 %4, 42, !dbg !84
  br i1 %7, label %8, label %2, !dbg !87, !llvm.loop !88

8:                                                ; preds = %6
  tail call void @abort() #6, !dbg !91
  unreachable, !dbg !91

9:                                                ; preds = %2
  ret i32 %4, !dbg !92
}

; Function Attrs: noreturn nounwind
declare !dbg !93 void @abort() local_unnamed_addr #4

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef range(i32 1, 4) i32 @e8(float noundef %0, float noundef %1) local_unnamed_addr #0 !dbg !97 {
    #dbg_value(float %0, !102, !DIExpression(), !104)
    #dbg_value(float %1, !103, !DIExpression(), !104)
  %3 = fcmp une float %0, %1, !dbg !105
  %4 = fcmp olt float %0, %1, !dbg !107
  %5 = select i1 %4, i32 3, i32 2, !dbg !107
  %6 = select i1 %3, i32 1, i32 %5, !dbg !107
  ret i32 %6, !dbg !108
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef range(i32 -2147483647, -2147483648) i32 @main() local_unnamed_addr #0 !dbg !109 {
  ret i32 10, !dbg !112
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: write)
declare void @llvm.assume(i1 noundef) #5

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(inaccessiblemem: write) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { noreturn nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: write) }
attributes #6 = { noreturn nounwind }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3, !4, !5, !6, !7, !8}
!llvm.ident = !{!9}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "Debian clang version 19.1.7 (3~deb12u1)", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "expect.c", directory: "/src", checksumkind: CSK_MD5, checksum: "214f1826a785711c63fbe9d54c5fa74f")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 1, !"wchar_size", i32 4}
!5 = !{i32 8, !"PIC Level", i32 2}
!6 = !{i32 7, !"PIE Level", i32 2}
!7 = !{i32 7, !"uwtable", i32 2}
!8 = !{i32 7, !"debug-info-assignment-tracking", i1 true}
!9 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!10 = distinct !DISubprogram(name: "e1", scope: !1, file: !1, line: 2, type: !11, scopeLine: 2, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !14)
!11 = !DISubroutineType(types: !12)
!12 = !{!13, !13}
!13 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!14 = !{!15}
!15 = !DILocalVariable(name: "x", arg: 1, scope: !10, file: !1, line: 2, type: !13)
!16 = !DILocation(line: 0, scope: !10)
!17 = !DILocation(line: 2, column: 40, scope: !18)
!18 = distinct !DILexicalBlock(scope: !10, file: !1, line: 2, column: 21)
!19 = !DILocation(line: 2, scope: !10)
!20 = !{!"branch_weights", !"expected", i32 1, i32 2000}
!21 = !DILocation(line: 2, column: 70, scope: !10)
!22 = distinct !DISubprogram(name: "e2", scope: !1, file: !1, line: 3, type: !23, scopeLine: 3, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !26)
!23 = !DISubroutineType(types: !24)
!24 = !{!13, !25}
!25 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !13, size: 64)
!26 = !{!27}
!27 = !DILocalVariable(name: "p", arg: 1, scope: !22, file: !1, line: 3, type: !25)
!28 = !DILocation(line: 0, scope: !22)
!29 = !DILocation(line: 3, column: 41, scope: !30)
!30 = distinct !DILexicalBlock(scope: !22, file: !1, line: 3, column: 22)
!31 = !DILocation(line: 3, column: 22, scope: !22)
!32 = !{!"branch_weights", !"expected", i32 2000, i32 1}
!33 = !DILocation(line: 3, column: 68, scope: !22)
!34 = !{!35, !35, i64 0}
!35 = !{!"int", !36, i64 0}
!36 = !{!"omnipotent char", !37, i64 0}
!37 = !{!"Simple C/C++ TBAA"}
!38 = !DILocation(line: 3, column: 61, scope: !22)
!39 = !DILocation(line: 3, scope: !22)
!40 = !DILocation(line: 3, column: 72, scope: !22)
!41 = distinct !DISubprogram(name: "e3", scope: !1, file: !1, line: 4, type: !42, scopeLine: 4, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !45)
!42 = !DISubroutineType(types: !43)
!43 = !{!13, !44}
!44 = !DIBasicType(name: "double", size: 64, encoding: DW_ATE_float)
!45 = !{!46}
!46 = !DILocalVariable(name: "d", arg: 1, scope: !41, file: !1, line: 4, type: !44)
!47 = !DILocation(line: 0, scope: !41)
!48 = !DILocation(line: 4, column: 60, scope: !49)
!49 = distinct !DILexicalBlock(scope: !41, file: !1, line: 4, column: 24)
!50 = !DILocation(line: 4, scope: !41)
!51 = !DILocation(line: 4, column: 96, scope: !41)
!52 = distinct !DISubprogram(name: "e4", scope: !1, file: !1, line: 5, type: !11, scopeLine: 5, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !53)
!53 = !{!54}
!54 = !DILocalVariable(name: "x", arg: 1, scope: !52, file: !1, line: 5, type: !13)
!55 = !DILocation(line: 0, scope: !52)
!56 = !DILocation(line: 5, column: 17, scope: !52)
!57 = !DILocation(line: 5, column: 108, scope: !52)
!58 = distinct !DISubprogram(name: "e5", scope: !1, file: !1, line: 6, type: !59, scopeLine: 6, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !62)
!59 = !DISubroutineType(types: !60)
!60 = !{!13, !61}
!61 = !DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)
!62 = !{!63}
!63 = !DILocalVariable(name: "x", arg: 1, scope: !58, file: !1, line: 6, type: !61)
!64 = !DILocation(line: 0, scope: !58)
!65 = !DILocation(line: 6, column: 47, scope: !66)
!66 = distinct !DILexicalBlock(scope: !58, file: !1, line: 6, column: 26)
!67 = !DILocation(line: 6, scope: !58)
!68 = !DILocation(line: 6, column: 77, scope: !58)
!69 = distinct !DISubprogram(name: "e6", scope: !1, file: !1, line: 7, type: !11, scopeLine: 7, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !70)
!70 = !{!71}
!71 = !DILocalVariable(name: "x", arg: 1, scope: !69, file: !1, line: 7, type: !13)
!72 = !DILocation(line: 0, scope: !69)
!73 = !DILocation(line: 7, column: 23, scope: !74)
!74 = distinct !DILexicalBlock(scope: !69, file: !1, line: 7, column: 21)
!75 = !DILocation(line: 7, column: 21, scope: !69)
!76 = !DILocation(line: 7, column: 53, scope: !69)
!77 = distinct !DISubprogram(name: "e7", scope: !1, file: !1, line: 8, type: !11, scopeLine: 8, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !78)
!78 = !{!79}
!79 = !DILocalVariable(name: "x", arg: 1, scope: !77, file: !1, line: 8, type: !13)
!80 = !DILocation(line: 0, scope: !77)
!81 = !DILocation(line: 8, column: 17, scope: !77)
!82 = !DILocation(line: 8, column: 42, scope: !77)
!83 = !DILocation(line: 8, column: 45, scope: !77)
!84 = !DILocation(line: 8, column: 62, scope: !85)
!85 = distinct !DILexicalBlock(scope: !86, file: !1, line: 8, column: 60)
!86 = distinct !DILexicalBlock(scope: !77, file: !1, line: 8, column: 54)
!87 = !DILocation(line: 8, column: 60, scope: !86)
!88 = distinct !{!88, !81, !89, !90}
!89 = !DILocation(line: 8, column: 78, scope: !77)
!90 = !{!"llvm.loop.mustprogress"}
!91 = !DILocation(line: 8, column: 69, scope: !85)
!92 = !DILocation(line: 8, column: 80, scope: !77)
!93 = !DISubprogram(name: "abort", scope: !94, file: !94, line: 611, type: !95, flags: DIFlagPrototyped | DIFlagNoReturn, spFlags: DISPFlagOptimized)
!94 = !DIFile(filename: "/usr/include/stdlib.h", directory: "", checksumkind: CSK_MD5, checksum: "4b47dc81a92f1fe77a152c0aac236718")
!95 = !DISubroutineType(types: !96)
!96 = !{null}
!97 = distinct !DISubprogram(name: "e8", scope: !1, file: !1, line: 9, type: !98, scopeLine: 9, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !101)
!98 = !DISubroutineType(types: !99)
!99 = !{!13, !100, !100}
!100 = !DIBasicType(name: "float", size: 32, encoding: DW_ATE_float)
!101 = !{!102, !103}
!102 = !DILocalVariable(name: "a", arg: 1, scope: !97, file: !1, line: 9, type: !100)
!103 = !DILocalVariable(name: "b", arg: 2, scope: !97, file: !1, line: 9, type: !100)
!104 = !DILocation(line: 0, scope: !97)
!105 = !DILocation(line: 9, column: 34, scope: !106)
!106 = distinct !DILexicalBlock(scope: !97, file: !1, line: 9, column: 32)
!107 = !DILocation(line: 9, column: 32, scope: !97)
!108 = !DILocation(line: 9, column: 84, scope: !97)
!109 = distinct !DISubprogram(name: "main", scope: !1, file: !1, line: 10, type: !110, scopeLine: 10, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!110 = !DISubroutineType(types: !111)
!111 = !{!13}
!112 = !DILocation(line: 10, column: 17, scope: !109)
