from ._a import A as AA
from ._sub._c import C
B = "b" + AA + C
