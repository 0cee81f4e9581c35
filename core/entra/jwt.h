#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace Cosmos::Entra {

/// Reads the claims of a JWT (header.payload.signature, Base64url) without verifying it: the
/// client only reads who it is (oid, tid, preferred_username) and when the token expires. The
/// service that accepts the token verifies its signature.
QJsonObject jwtClaims(const QByteArray &token);

} // namespace Cosmos::Entra
