l = [3, 1, 4]
l.append(1); print(l)
l.extend([5, 9]); print(l)
l.extend("ab"); print(l)
l.insert(0, "first"); l.insert(100, "last"); l.insert(-1, "before-last"); print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(1); print(l)
print(l.index(4), l.count(1), l.index(1, 2))
try:
    l.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    l.index(42)
except ValueError as e:
    print("ValueError:", e)
nums = [5, 2, 8, 1, 9]
nums.sort(); print(nums)
nums.sort(reverse=True); print(nums)
nums.reverse(); print(nums)
c = nums.copy(); c.append(0); print(nums, c)
nums.clear(); print(nums, len(nums))
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
words = ["banana", "Apple", "cherry"]
words.sort(key=str.lower); print(words)
words.sort(key=len, reverse=True); print(words)
