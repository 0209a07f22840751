"""Checks ONNX files with onnx.checker (full check, with shape inference):
python3 check_model.py FILE..."""
import sys

import onnx

for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
print("ok")
