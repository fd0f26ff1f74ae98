# Text processing: word counts, sorting with keys, dict/set comprehensions, string methods.
text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness,
it was the epoch of belief, it was the epoch of incredulity"""
words = [w.strip('.,').lower() for w in text.split()]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(top)
print(len(words), len(set(words)), sorted({w for w in words if len(w) > 6}))
by_len = {}
for w in sorted(set(words)):
    by_len.setdefault(len(w), []).append(w)
print({k: by_len[k] for k in sorted(by_len)})
lines = text.splitlines()
print([l.count('was') for l in lines], max(lines, key=len)[:20], [l.split(',')[0].title() for l in lines])
print(' '.join(reversed(lines[0].split())), lines[1][::-1][:15], lines[2].replace('it was', 'IT WAS', 1))
print('|'.join(w.center(9, '.') for w in ['a', 'bb', 'ccc']), text.find('worst'), text.index('age'), text.rfind('epoch'))
acro = ''.join(w[0].upper() for w in 'portable network graphics'.split())
print(acro, 'hello world'.title().swapcase(), ','.join(map(str, range(5))), '-'.join('abc').upper())
table = str.maketrans('aeiou', '12345')
print('education'.translate(table), 'x'.join(['1', '2']).zfill(6), '{:^20}'.format('centered'), '%s=%d' % ('n', 5))
caesar = lambda s, k: ''.join(chr((ord(c) - 97 + k) % 26 + 97) if c.islower() else c for c in s)
print(caesar('hello, world', 3), caesar(caesar('attack at dawn', 13), 13))
print(sorted(['b10', 'a2', 'a10', 'b1'], key=lambda s: (s[0], int(s[1:]))), sorted('Banana', key=str.lower), sorted(counts, key=counts.get)[-1])
