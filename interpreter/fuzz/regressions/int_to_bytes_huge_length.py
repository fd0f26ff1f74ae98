print((1).to_bytes(2**62))
