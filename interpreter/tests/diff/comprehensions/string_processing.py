text = "The quick brown fox jumps over the lazy dog. The dog sleeps."
words = [w.strip(".").lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
print({w for w in words if len(w) > 4} == set(w for w in words if len(w) > 4))
print(sorted({w for w in words if len(w) > 4}))
caps = [w.capitalize() for w in words[:5]]
print(" ".join(caps))
vowels = sum(1 for c in text.lower() if c in "aeiou")
print("vowels:", vowels)
acronym = "".join(w[0].upper() for w in "portable network graphics".split())
print(acronym)
print([i for i, c in enumerate(text) if c == "o"][:5])
