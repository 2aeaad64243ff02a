define i32 @"we\0Aird \22name\5C\FF\C3"(i32 %x) {
"entry \0A\22lbl\5C\FE":
  %c = icmp eq i32 %x, 0
  br i1 %c, label %"a b", label %"\01\7F"
"a b":
  ret i32 1
"\01\7F":
  ret i32 2
}
