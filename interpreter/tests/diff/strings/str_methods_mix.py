s = '  Hello, World!  '
print(s.strip(), s.lstrip(), s.rstrip() + '|', s.strip(' !Hd'), 'xxhixx'.strip('x'))
print('a,b,,c'.split(','), 'a b  c'.split(), 'a b c'.split(None, 1), 'a,b,c'.rsplit(',', 1), ''.split(), ''.split(','))
print('line1\nline2\r\nline3'.splitlines(), 'a\nb\n'.splitlines(True), 'abc'.partition('b'), 'abc'.rpartition('x'))
print('hello'.center(11, '*'), 'hi'.ljust(5, '-'), 'hi'.rjust(5), '42'.zfill(5), '-42'.zfill(5), '+7'.zfill(4))
print('Hello World'.swapcase(), 'hello world'.title(), "they're bill's".title(), 'hELLO'.capitalize(), 'ß'.upper(), 'ǅ'.lower())
print('abcabc'.find('c'), 'abcabc'.rfind('c'), 'abcabc'.find('c', 3), 'abc'.find(''), 'abc'.rfind(''), 'abcabc'.count('bc'), 'aaa'.count('aa'), 'abc'.count(''))
print('abc'.startswith(('x', 'a')), 'abc'.endswith('bc', 0, 3), 'abc'.startswith('b', 1), 'a1'.isalnum(), '١٢'.isdigit(), ' '.isspace(), ''.isspace())
print('a-b-c'.replace('-', '+', 1), 'abc'.replace('', '.'), 'tab\tsep'.expandtabs(4), 'x'.join('abc'), '%s' % ('a',))
print('Straße'.casefold(), 'ABC'.lower().islower(), 'Title Case'.istitle(), 'abc'.isidentifier(), '1a'.isidentifier(), 'é'.isascii())
print('hello world'.removeprefix('hello '), 'file.py'.removesuffix('.py'), 'abc'.removeprefix('x'))
t = str.maketrans('abc', 'xyz', 'd'); print('abcd'.translate(t), str.maketrans({'a': 'A'}))
print(repr('it\'s "q"'), repr("a\nb\t\\"), repr('\x00\x7f\u200b'), ascii('héllo'), repr('é'))
print('abc' * 0, 'ab' * 3, 'a' < 'b', 'Z' < 'a', 'abc' < 'abd', 'ab' < 'abc', min('hello'), sorted('hello'))
print(ord('€'), chr(8364), len('héllo'), 'héllo'.encode(), b'h\xc3\xa9'.decode(), 'abc'[::-1], 'abc'[-1])
print('{:>8}'.format('€uro'), f'{"é":*^5}', '%5s|' % 'é', len('👍'), '👍'.encode())
print(str(b'abc'), str(123), str(1.0), str(None), str([1, 'a']), str((1,)), str({'a': 1}), str({1}), str(set()))
print('a\tb'.split('\t'), 'a  b'.split(' '), ' a '.split(' '), 'abc'.split('abc'), 'x'.rjust(0))
print('Hello'.index('l'), 'Hello'.rindex('l'))
try:
    'Hello'.index('z')
except ValueError as e:
    print(e)
try:
    'a'.join(['a', 2])
except TypeError as e:
    print(e)
print(format('abc', '.2'), format('abc', '>5.1'), '{:.3}'.format('abcdef'))
print(b'abc'.hex(), bytes.fromhex('61 62'), b'a,b'.split(b','), b'abc'.upper(), bytearray(b'xy') + b'z', b'%d-%s' % (1, b'x'))
