# Dictionary and string workload: building, splitting, joining, counting, formatting.
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
         "sigma tau upsilon phi chi psi omega").split()
ROUNDS = 540

def make_text(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(WORDS[x % len(WORDS)])
    return " ".join(out)

def word_freq(text):
    freq = {}
    for w in text.split():
        freq[w] = freq.get(w, 0) + 1
    return freq

def bigrams(text):
    words = text.split()
    pairs = {}
    for a, b in zip(words, words[1:]):
        key = a + "|" + b
        if key in pairs:
            pairs[key] += 1
        else:
            pairs[key] = 1
    return pairs

def render(freq):
    lines = []
    for w in sorted(freq, key=lambda k: (-freq[k], k)):
        lines.append(f"{w:>10}: {freq[w]:5d} {'*' * (freq[w] // 40)}")
    return "\n".join(lines)

def transform(text):
    return text.upper().replace("A", "4").replace("E", "3").lower().title()

total = 0
checks = []
for r in range(ROUNDS):
    text = make_text(r, 2000)
    f = word_freq(text)
    bg = bigrams(text)
    rep = render(f)
    t = transform(text)
    inverted = {}
    for k, v in f.items():
        inverted.setdefault(v, []).append(k)
    total += len(rep) + len(bg) + len(t) + len(inverted)
    checks.append(max(bg.values()))
    d = {str(i): i for i in range(500)}
    for i in range(0, 500, 3):
        del d[str(i)]
    total += sum(d.values()) + len("".join(d))
print("dict_str", total, sum(checks))
