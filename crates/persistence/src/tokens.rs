//! Secret tokens: organiser API tokens and participants' manage tokens. Only their SHA-256
//! hashes are stored; the tokens themselves are shown once.

use sha2::{Digest, Sha256};

use crate::StoreError;

/// A new random token of 256 bits, hex-encoded, with a readable prefix.
pub(crate) fn generate(prefix: &str) -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Randomness(e.to_string()))?;
    Ok(format!("{prefix}{}", hex::encode(bytes)))
}

/// The stored form of a token.
pub(crate) fn hash(token: &str) -> String {
    hash_bytes(token.as_bytes())
}

/// SHA-256 of `bytes`, hex-encoded.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = generate("m_").unwrap();
        let b = generate("m_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
    }
}
