"""Tests of speech: segmentation, recognition, speakers, directions and the spool source."""
