# f.readinto() into an array.array and into a memoryview slice of one, f.write() of an array
# and of a memoryview, and hashlib over one.
import os
import hashlib
from array import array

a = array('h', [1, 2, 3])
with open('/tmp/_g7arr.bin', 'wb') as f:
    f.write(bytes(range(1, 13)))
b = array('I', [0, 0])
with open('/tmp/_g7arr.bin', 'rb') as f:
    print(f.readinto(b), b, f.readinto(memoryview(a)[1:]), a)
with open('/tmp/_g7arr.bin', 'wb') as f:
    print(f.write(array('h', [1, -1])), f.write(memoryview(b'xyz')[1:]), f.write(bytearray(b'!')))
with open('/tmp/_g7arr.bin', 'rb') as f:
    print(f.read())
os.remove('/tmp/_g7arr.bin')
print(hashlib.sha256(array('B', [1])).hexdigest()[:8], hashlib.sha1(array('h', [1])).hexdigest()[:8])
