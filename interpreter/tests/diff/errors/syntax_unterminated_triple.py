print("never")
s = """starts
and never ends
