print((1).to_bytes(-1))
