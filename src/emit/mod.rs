//! Stage 4, emit: a valid codebook to the formats researchers and programs read.
