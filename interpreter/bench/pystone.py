# A pystone-like integer/record benchmark (after Weicker's Dhrystone), written for Pyrite's bench.
LOOPS = 400000

class Record:
    def __init__(self, ptr_comp=None, discr=0, enum_comp=0, int_comp=0, str_comp=""):
        self.ptr_comp = ptr_comp
        self.discr = discr
        self.enum_comp = enum_comp
        self.int_comp = int_comp
        self.str_comp = str_comp

    def copy(self):
        return Record(self.ptr_comp, self.discr, self.enum_comp, self.int_comp, self.str_comp)

IDENT1, IDENT2, IDENT3, IDENT4, IDENT5 = 1, 2, 3, 4, 5

class State:
    def __init__(self):
        self.int_glob = 0
        self.bool_glob = False
        self.char1 = "\0"
        self.char2 = "\0"
        self.array1 = [0] * 51
        self.array2 = [[0] * 51 for _ in range(51)]
        self.ptr_glb = None
        self.ptr_glb_next = None

S = State()

def proc0(loops):
    S.ptr_glb_next = Record()
    S.ptr_glb = Record(S.ptr_glb_next, IDENT1, IDENT3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    string1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    S.array2[8][7] = 10
    checksum = 0
    for i in range(loops):
        proc5()
        proc4()
        int1 = 2
        int2 = 3
        string2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        enum = IDENT2
        S.bool_glob = not func2(string1, string2)
        while int1 < int2:
            int3 = 5 * int1 - int2
            int3 = proc7(int1, int2)
            int1 = int1 + 1
        proc8(S.array1, S.array2, int1, int3)
        S.ptr_glb = proc1(S.ptr_glb)
        char_index = "A"
        while char_index <= S.char2:
            if enum == func1(char_index, "C"):
                enum = proc6(IDENT1)
            char_index = chr(ord(char_index) + 1)
        int3 = int2 * int1
        int2 = int3 // int1
        int2 = 7 * (int3 - int2) - int1
        int1 = proc2(int1)
        checksum = (checksum + int1 + int2 + int3 + enum) % 1000003
    return checksum

def proc1(ptr_in):
    ptr_in.ptr_comp = next_rec = S.ptr_glb.copy()
    ptr_in.int_comp = 5
    next_rec.int_comp = ptr_in.int_comp
    next_rec.ptr_comp = ptr_in.ptr_comp
    next_rec.ptr_comp = proc3(next_rec.ptr_comp)
    if next_rec.discr == IDENT1:
        next_rec.int_comp = 6
        next_rec.enum_comp = proc6(ptr_in.enum_comp)
        next_rec.ptr_comp = S.ptr_glb.ptr_comp
        next_rec.int_comp = proc7(next_rec.int_comp, 10)
    else:
        ptr_in = next_rec.copy()
    next_rec.ptr_comp = None
    return ptr_in

def proc2(int_in):
    int_loc = int_in + 10
    while True:
        if S.char1 == "A":
            int_loc = int_loc - 1
            int_in = int_loc - S.int_glob
            enum_loc = IDENT1
        if enum_loc == IDENT1:
            break
    return int_in

def proc3(ptr_out):
    if S.ptr_glb is not None:
        ptr_out = S.ptr_glb.ptr_comp
    else:
        S.int_glob = 100
    S.ptr_glb.int_comp = proc7(10, S.int_glob)
    return ptr_out

def proc4():
    bool_loc = S.char1 == "A"
    bool_loc = bool_loc or S.bool_glob
    S.char2 = "B"

def proc5():
    S.char1 = "A"
    S.bool_glob = False

def proc6(enum_in):
    enum_out = enum_in
    if not func3(enum_in):
        enum_out = IDENT4
    if enum_in == IDENT1:
        enum_out = IDENT1
    elif enum_in == IDENT2:
        enum_out = IDENT1 if S.int_glob > 100 else IDENT4
    elif enum_in == IDENT3:
        enum_out = IDENT2
    elif enum_in == IDENT5:
        enum_out = IDENT3
    return enum_out

def proc7(int1, int2):
    return int2 + int1 + 2

def proc8(array1, array2, int1, int2):
    int_loc = int1 + 5
    array1[int_loc] = int2
    array1[int_loc + 1] = array1[int_loc]
    array1[int_loc + 30] = int_loc
    for int_index in range(int_loc, int_loc + 2):
        array2[int_loc][int_index] = int_loc
    array2[int_loc][int_loc - 1] = array2[int_loc][int_loc - 1] + 1
    array2[int_loc + 20][int_loc] = array1[int_loc]
    S.int_glob = 5

def func1(char1, char2):
    if char1 != char2:
        return IDENT1
    S.char1 = char1
    return IDENT2

def func2(str1, str2):
    int_loc = 1
    while int_loc <= 1:
        if func1(str1[int_loc], str2[int_loc + 1]) == IDENT1:
            char_loc = "A"
            int_loc = int_loc + 1
    if "W" <= char_loc <= "Z":
        int_loc = 7
    if char_loc == "X":
        return True
    if str1 > str2:
        S.int_glob = int_loc + 7
        return True
    return False

def func3(enum_in):
    return enum_in == IDENT3

print("pystone checksum", proc0(LOOPS), S.int_glob, S.array2[8][7])
