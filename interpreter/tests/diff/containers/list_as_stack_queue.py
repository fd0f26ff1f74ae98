stack = []
for op in "push1 push2 pop push3 push4 pop pop".split():
    if op.startswith("push"):
        stack.append(int(op[4:]))
    else:
        print("popped", stack.pop())
print(stack)
queue = [1, 2, 3]
queue.append(4)
print(queue.pop(0), queue.pop(0), queue)
matrix = [[1, 2], [3, 4]]
matrix.insert(1, [9, 9])
print(matrix)
lst = list(range(10))
del lst[2:8:2]
print(lst)
lst[1:3] = []
print(lst)
lst[:0] = ["a", "b"]
print(lst)
