#pragma once

#include <QString>
#include <QUrl>

namespace Cosmos::Entra {

/// Where to sign in and where Azure Resource Manager is: the national clouds' presets, or
/// custom endpoints (sovereign clouds, the loopback test server).
struct CloudSettings
{
    QUrl authorityHost;  ///< https://login.microsoftonline.com/
    QUrl armEndpoint;    ///< https://management.azure.com/
    QString armAudience; ///< resource id for ARM tokens, https://management.core.windows.net/
    QString tenant = QStringLiteral("organizations"); ///< tenant id or domain; organizations
    QString clientId = QStringLiteral("04b07795-8ddb-461a-bbee-02f9e1bf7b46"); ///< public client
    QString caCertificateFile; ///< extra CA to trust for identity and ARM (loopback tests)

    /// "public", "usgov" or "china"; false for another name.
    static bool preset(const QString &name, CloudSettings *settings);
    static CloudSettings publicCloud();
    /// The ARM scope: `<audience>/.default`.
    QString armScope() const;
    /// `<authorityHost>/<tenant>/oauth2/v2.0/<endpoint>`.
    QUrl oauthUrl(const QString &endpoint, const QString &tenantOverride = QString()) const;
    /// AZURE_AUTHORITY_HOST and AZURE_TENANT_ID over the values set so far.
    void applyEnvironment();
};

} // namespace Cosmos::Entra
