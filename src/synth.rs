//! Synthetic stick figures (placeholder replaced below).
