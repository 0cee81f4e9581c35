#include "cloud.h"

namespace Cosmos::Entra {

static QUrl withSlash(const QString &text)
{
    QUrl url(text.trimmed());
    if (!url.path().endsWith(QLatin1Char('/')))
        url.setPath(url.path() + QLatin1Char('/'));
    return url;
}

CloudSettings CloudSettings::publicCloud()
{
    CloudSettings s;
    preset(QStringLiteral("public"), &s);
    return s;
}

bool CloudSettings::preset(const QString &name, CloudSettings *s)
{
    if (name == QLatin1String("public") || name == QLatin1String("AzureCloud")) {
        s->authorityHost = withSlash(QStringLiteral("https://login.microsoftonline.com"));
        s->armEndpoint = withSlash(QStringLiteral("https://management.azure.com"));
        s->armAudience = QStringLiteral("https://management.core.windows.net/");
    } else if (name == QLatin1String("usgov") || name == QLatin1String("AzureUSGovernment")) {
        s->authorityHost = withSlash(QStringLiteral("https://login.microsoftonline.us"));
        s->armEndpoint = withSlash(QStringLiteral("https://management.usgovcloudapi.net"));
        s->armAudience = QStringLiteral("https://management.core.usgovcloudapi.net/");
    } else if (name == QLatin1String("china") || name == QLatin1String("AzureChinaCloud")) {
        s->authorityHost = withSlash(QStringLiteral("https://login.chinacloudapi.cn"));
        s->armEndpoint = withSlash(QStringLiteral("https://management.chinacloudapi.cn"));
        s->armAudience = QStringLiteral("https://management.core.chinacloudapi.cn/");
    } else {
        return false;
    }
    return true;
}

QString CloudSettings::armScope() const
{
    QString audience = armAudience.isEmpty() ? armEndpoint.toString() : armAudience;
    while (audience.endsWith(QLatin1Char('/')))
        audience.chop(1);
    return audience + QStringLiteral("/.default");
}

QUrl CloudSettings::oauthUrl(const QString &endpoint, const QString &tenantOverride) const
{
    QUrl url = authorityHost;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    const QString t = tenantOverride.isEmpty() ? tenant : tenantOverride;
    url.setPath(path + t + QStringLiteral("/oauth2/v2.0/") + endpoint);
    return url;
}

void CloudSettings::applyEnvironment()
{
    const QString host = qEnvironmentVariable("AZURE_AUTHORITY_HOST");
    if (!host.isEmpty())
        authorityHost = withSlash(host);
    const QString t = qEnvironmentVariable("AZURE_TENANT_ID");
    if (!t.isEmpty())
        tenant = t;
}

} // namespace Cosmos::Entra
