"""Whisper conversion to sherpa-onnx's layout (encoder, decoder, tokens, optional int8)."""
