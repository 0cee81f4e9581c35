#pragma once

// GUI tests of Microsoft Entra ID: a signed-in account against the gateway started with
// --entra --disable-local-auth. The test plays the browser: it takes the authorize URL the app
// would open and follows it to the app's loopback redirect.

#include "gatewayprocess.h"

#include <accountsession.h>
#include <browseropener.h>
#include <connectioncontroller.h>
#include <entrasigninpage.h>
#include <mainwindow.h>
#include <secretstore.h>
#include <settings.h>

#include <QtTest>

namespace EntraTest {

inline QUrl &authorizeUrl()
{
    static QUrl url;
    return url;
}

/// Replaces the system browser by a recorder of the URL to open.
inline void recordBrowser()
{
    Cosmoscope::setBrowserOpener([](const QUrl &url) {
        authorizeUrl() = url;
        return true;
    });
}

inline Cosmoscope::SavedConnection savedConnection(const GatewayProcess &gateway)
{
    Cosmoscope::SavedConnection c;
    c.id = QStringLiteral("entra-test");
    c.name = QStringLiteral("Entra");
    c.kind = Cosmoscope::SavedConnection::Kind::Entra;
    c.endpoint = gateway.url().toString();
    c.entraMethod = QStringLiteral("browser");
    c.entraCloud = QStringLiteral("custom");
    c.entraTenant = QStringLiteral("11111111-1111-4111-8111-111111111111");
    c.authorityHost = gateway.loginUrl().toString();
    c.armEndpoint = gateway.armUrl().toString();
    c.caFile = GatewayProcess::caFile();
    return c;
}

/// Opens the gateway's account in `window` signed in as `user` (browser flow); null on failure.
inline Cosmoscope::AccountSession *
signIn(Cosmoscope::MainWindow *window, const GatewayProcess &gateway, const QString &user)
{
    if (GatewayProcess::postJson(gateway.loginUrl(),
                                 QStringLiteral("/_test/identity"),
                                 {{QStringLiteral("browserUser"), user}})
        != 200)
        return nullptr;
    recordBrowser();
    authorizeUrl().clear();
    const Cosmoscope::SavedConnection c = savedConnection(gateway);
    auto credential = Cosmoscope::makeUserCredential(c);
    Cosmos::CosmosError error;
    Cosmos::ConnectionInfo info
        = Cosmos::ConnectionInfo::fromEndpointAndCredential(c.endpoint, credential, &error);
    info.caCertificateFile = c.caFile;
    Cosmoscope::AccountSession *session = window->connections()->openConnection(c.name, info);
    bool done = false;
    credential->getToken({credential->cloud().armScope()},
                         window,
                         [&](const Cosmos::Entra::AccessToken &, const Cosmos::CosmosError &e) {
                             error = e;
                             done = true;
                         });
    if (!QTest::qWaitFor([] { return authorizeUrl().isValid(); }, 15000))
        return nullptr;
    if (GatewayProcess::followAuthorizeUrl(authorizeUrl()) != 200)
        return nullptr;
    if (!QTest::qWaitFor([&] { return done; }, 15000) || error.isError())
        return nullptr;
    return session;
}

/// With COSMOSCOPE_SCREENSHOTS=DIR: `widget` at 1280x800 and 900x600 as DIR/name-WxH.png.
inline void saveShots(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("COSMOSCOPE_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    for (const QSize size : {QSize(1280, 800), QSize(900, 600)}) {
        widget->resize(size);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // laid out at this size
        widget->grab().save(
            QStringLiteral("%1/%2-%3x%4.png").arg(dir, name).arg(size.width()).arg(size.height()));
    }
}

} // namespace EntraTest

/// The secret stored under `key` (empty when there is none), read on the event loop.
inline QString readSecret(Cosmoscope::SecretStore *secrets, const QString &key)
{
    QString value;
    bool done = false;
    QObject context;
    secrets->read(key, &context, [&](const QString &secret, bool found) {
        value = found ? secret : QString();
        done = true;
    });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return done; }, 5000);
    return value;
}
