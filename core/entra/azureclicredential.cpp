#include "azureclicredential.h"

#include <QJsonDocument>
#include <QTimeZone>
#include <QProcess>
#include <QStandardPaths>

namespace Cosmos::Entra {

AzureCliCredential::AzureCliCredential(const CloudSettings &cloud, QObject *parent)
    : TokenCredential(cloud, parent)
{
}

QString AzureCliCredential::executable()
{
    return QStandardPaths::findExecutable(QStringLiteral("az"));
}

AccessToken parseAzureCliToken(const QByteArray &json, CosmosError *error)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    AccessToken t;
    t.token = o.value(QStringLiteral("accessToken")).toString().toUtf8();
    if (t.token.isEmpty()) {
        *error = CosmosError::invalidInput(
            QStringLiteral("The Azure CLI did not print an access token."));
        return {};
    }
    t.obtainedOn = QDateTime::currentDateTimeUtc();
    const double epoch = o.value(QStringLiteral("expires_on")).toVariant().toDouble();
    if (epoch > 0) {
        t.expiresOn = QDateTime::fromSecsSinceEpoch(qint64(epoch), Qt::UTC);
    } else {
        QDateTime local
            = QDateTime::fromString(o.value(QStringLiteral("expiresOn")).toString().left(19),
                                    QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        t.expiresOn = local.toUTC();
    }
    t.tenantId = o.value(QStringLiteral("tenant")).toString();
    t.readClaims();
    return t;
}

void AzureCliCredential::acquire(const QStringList &scopes, TokenCallback done)
{
    const QString az = executable();
    if (az.isEmpty()) {
        done({},
             CosmosError::invalidInput(
                 QStringLiteral("The Azure CLI (az) is not on PATH; install it and run "
                                "\"az login\", or sign in another way.")));
        return;
    }
    auto process = new QProcess(this);
    QStringList args{QStringLiteral("account"),
                     QStringLiteral("get-access-token"),
                     QStringLiteral("--output"),
                     QStringLiteral("json")};
    for (const QString &s : scopes)
        args << QStringLiteral("--scope") << s;
    const QString tenant = m_cloud.tenant;
    if (!tenant.isEmpty() && tenant != QLatin1String("organizations")
        && tenant != QLatin1String("common"))
        args << QStringLiteral("--tenant") << tenant;
    connect(process, &QProcess::finished, this, [process, done](int code, QProcess::ExitStatus st) {
        process->deleteLater();
        if (st != QProcess::NormalExit || code != 0) {
            QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
            if (err.contains(QStringLiteral("az login")))
                err = QStringLiteral("Please run \"az login\" to set up an account. (%1)").arg(err);
            done({},
                 CosmosError::invalidInput(
                     QStringLiteral("The Azure CLI could not get a token: %1").arg(err.left(400))));
            return;
        }
        CosmosError error;
        const AccessToken t = parseAzureCliToken(process->readAllStandardOutput(), &error);
        done(t, error);
    });
    connect(process, &QProcess::errorOccurred, this, [process, done](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        process->deleteLater();
        done({},
             CosmosError::invalidInput(QStringLiteral("The Azure CLI could not be started: %1")
                                           .arg(process->errorString())));
    });
    process->start(az, args);
}

} // namespace Cosmos::Entra
