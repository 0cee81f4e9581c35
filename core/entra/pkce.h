#pragma once

#include <QByteArray>

namespace Cosmos::Entra {

/// Proof Key for Code Exchange (RFC 7636) with the S256 method.
struct Pkce
{
    QByteArray verifier;  ///< 43..128 characters of [A-Za-z0-9-._~]
    QByteArray challenge; ///< BASE64URL(SHA256(verifier)), no padding

    /// A fresh verifier of 32 random bytes (43 characters) and its challenge.
    static Pkce generate();
    static QByteArray challengeFor(const QByteArray &verifier);
};

/// `bytes` random bytes as Base64url without padding: OAuth `state`, PKCE verifiers.
QByteArray randomUrlSafe(int bytes);

} // namespace Cosmos::Entra
