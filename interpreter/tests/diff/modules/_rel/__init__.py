from ._a import A
from . import _b
X = "rel"
