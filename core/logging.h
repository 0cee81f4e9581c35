#pragma once

#include <QLoggingCategory>

/// Logging categories of the core library. All are off below warnings unless enabled, e.g.
/// with QT_LOGGING_RULES="cosmoscope.*.debug=true" or cosmoscope-cli --debug.
/// What they print never contains a key, a resource token, a signature or a Microsoft Entra ID
/// token or secret: requests (data plane and ARM) are logged by verb, resource path, status,
/// request charge and duration only; sign-in requests are not logged.
namespace Cosmos {

/// cosmoscope.network: one line per request attempt and per finished request.
Q_DECLARE_LOGGING_CATEGORY(lcNetwork)

} // namespace Cosmos
