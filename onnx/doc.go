// Package onnx moves gozoo models to and from ONNX, the format that
// onnxruntime, PyTorch (torch.onnx.export) and Keras (tf2onnx) share.
//
// Export writes an nn.Model as a standard ONNX model: opset 13, one named
// graph input per model input with a dynamic batch dimension ("batch"), one
// output named "output", the weights as initializers. Dense layers become
// Gemm, Conv2D Conv, MaxPool2D MaxPool, Normalization Sub and Mul, Dropout
// an inference-mode Dropout, activations Relu, Softmax, Sigmoid or Tanh.
//
// Layout: gozoo's images are NHWC (batch, height, width, channels), as
// Keras's; ONNX's Conv and MaxPool are NCHW. The exported graph takes the
// same NHWC input a gozoo model is fed: it transposes the image to NCHW
// before the first convolution and back before Flatten, so the Dense
// weights after it keep Keras's (height, width, channels) order.
//
// Read decodes an ONNX model, such as one exported by torch.onnx.export,
// into a Graph of gozoo layers: Gemm or MatMul+Add into Dense, Conv, MaxPool,
// Relu, Softmax, Sigmoid, Tanh, Flatten, Reshape with a constant shape,
// Concat, Sub then Div or Mul into Normalization, Dropout, and the Identity
// and Transpose nodes exporters insert. Any other operator is an error
// naming it and its node. Restore then checks that a gozoo model (built by a
// zoo package from the Graph's shapes) has the same structure and copies
// the weights into it; from there it predicts, evaluates and trains as any
// gozoo model. A PyTorch image model that takes NCHW input is accepted when
// its images have one channel (NCHW and NHWC then hold the same bytes); its
// Flatten's (channels, height, width) order is permuted into gozoo's.
//
// Read bounds what a hostile file can make it allocate: the file size
// (MaxFileSize), the number of nodes and the size of every tensor are
// checked before anything sized by them is allocated.
package onnx
