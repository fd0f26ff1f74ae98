print('single', "double", '''triple single''', """triple double""")
print("esc: \t|\\|\'|\"|\x41|\u00e9|\101")
print(r"raw \n \t \\")
print("implicit" " concatenation " 'works')
print("""multi
line
string""")
print(len("\n"), len(r"\n"))
print("unicode: héllo wörld ✓ 日本")
print(b"bytes \x00\xff", rb"raw\n")
s = ("a"
     "b"
     "c")
print(s)
print("it's", 'say "hi"')
print("\\n is newline")
