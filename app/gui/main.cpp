#include <connectioninfo.h>
#include <mainwindow.h>
#include <connectioncontroller.h>
#include <screenshotrunner.h>

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

using namespace Cosmoscope;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Cosmoscope"));
    QApplication::setApplicationName(QStringLiteral("Cosmoscope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explorer for Azure Cosmos DB (NoSQL API)"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Open the connection, load the first container's "
                       "items, save a PNG of the window and exit."),
        QStringLiteral("file"));
    const QCommandLineOption connectionString(QStringLiteral("connection-string"),
                                              QStringLiteral("AccountEndpoint=…;AccountKey=…;"),
                                              QStringLiteral("text"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"), QStringLiteral("Account endpoint URL."), QStringLiteral("url"));
    const QCommandLineOption key(QStringLiteral("key"),
                                 QStringLiteral("Account key (with --endpoint)."),
                                 QStringLiteral("key"));
    const QCommandLineOption emulator(
        QStringLiteral("emulator"), QStringLiteral("The local emulator, https://localhost:8081/."));
    const QCommandLineOption caCert(QStringLiteral("ca-cert"),
                                    QStringLiteral("A PEM CA certificate to trust."),
                                    QStringLiteral("file"));
    const QCommandLineOption untrusted(
        QStringLiteral("allow-untrusted-localhost"),
        QStringLiteral("Accept an untrusted certificate on localhost."));
    parser.addOptions({screenshot, connectionString, endpoint, key, emulator, caCert, untrusted});
    parser.process(app);

    Cosmos::CosmosError error;
    Cosmos::ConnectionInfo info;
    bool haveConnection = true;
    if (parser.isSet(connectionString))
        info = Cosmos::ConnectionInfo::fromConnectionString(parser.value(connectionString), &error);
    else if (parser.isSet(endpoint))
        info = Cosmos::ConnectionInfo::fromEndpointAndKey(
            parser.value(endpoint), parser.value(key), &error);
    else if (parser.isSet(emulator))
        info = Cosmos::ConnectionInfo::emulator();
    else
        haveConnection = false;
    if (haveConnection) {
        info.caCertificateFile = parser.value(caCert);
        info.allowUntrustedLocalhost = parser.isSet(untrusted);
        if (!error.isError())
            error = info.validate();
        if (error.isError()) {
            std::fprintf(stderr, "cosmoscope: %s\n", qPrintable(error.message));
            return 2;
        }
    }
    if (parser.isSet(screenshot) && !haveConnection) {
        std::fprintf(stderr,
                     "cosmoscope: --screenshot needs a connection (--connection-string, "
                     "--endpoint/--key or --emulator)\n");
        return 2;
    }

    MainWindow window;
    window.show();
    const QString name
        = info.endpoint.host() + QLatin1Char(':') + QString::number(info.endpoint.port(443));
    if (parser.isSet(screenshot)) {
        auto runner = new ScreenshotRunner(&window, parser.value(screenshot), &window);
        QObject::connect(
            runner, &ScreenshotRunner::done, &app, [](int code) { QApplication::exit(code); });
        runner->start(name, info);
    } else if (haveConnection) {
        window.connections()->openConnection(name, info);
    }
    return app.exec();
}
