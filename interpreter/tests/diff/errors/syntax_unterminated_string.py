print("never")
s = "no end
