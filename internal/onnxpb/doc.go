// Package onnxpb is the Go code of ONNX's protocol buffer schema, generated
// from onnx.proto by protoc-gen-go: ModelProto, GraphProto, NodeProto,
// TensorProto and the rest, read and written with google.golang.org/protobuf.
// The public onnx package builds on it; nothing here is written by hand but
// this file.
//
// Provenance of onnx.pb.go:
//   - onnx.proto: ONNX 1.12.0 (IR version 8), Apache-2.0, as Debian's
//     python3-onnx 1.12.0-2 installs it in /usr/lib/python3/dist-packages/onnx/
//     (sha256 a96f50c0fe1ff9180b6025843d4f7efcf53b024c83db55a36cd24a1e44345182);
//     the copy beside this file is that file unchanged.
//   - protoc 3.21.12 (Debian's protobuf-compiler).
//   - protoc-gen-go v1.28.0, the version of google.golang.org/protobuf in
//     go.mod: go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.28.0
//
// To regenerate, with both on PATH, run go generate in this folder.
package onnxpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative --go_opt=Monnx.proto=github.com/gozoo/gozoo/internal/onnxpb onnx.proto
