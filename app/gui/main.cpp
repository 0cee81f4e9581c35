#include <connectioninfo.h>
#include <mainwindow.h>
#include <connectioncontroller.h>
#include <screenshotrunner.h>
#include <settings.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>

using namespace Cosmoscope;

namespace {

// The command line; parsed by QCoreApplication first when only --help or --version is asked,
// so that both work without a display.
struct Options
{
    explicit Options(QCommandLineParser &parser)
    {
        parser.setApplicationDescription(
            QStringLiteral("Explorer for Azure Cosmos DB (NoSQL API)"));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions(
            {screenshot, connectionString, endpoint, key, emulator, caCert, untrusted, theme});
    }

    const QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QStringLiteral("Open the connection, load the first container's "
                       "items, save a PNG of the window and exit."),
        QStringLiteral("file")};
    const QCommandLineOption connectionString{QStringLiteral("connection-string"),
                                              QStringLiteral("AccountEndpoint=…;AccountKey=…;"),
                                              QStringLiteral("text")};
    const QCommandLineOption endpoint{
        QStringLiteral("endpoint"), QStringLiteral("Account endpoint URL."), QStringLiteral("url")};
    const QCommandLineOption key{QStringLiteral("key"),
                                 QStringLiteral("Account key (with --endpoint)."),
                                 QStringLiteral("key")};
    const QCommandLineOption emulator{
        QStringLiteral("emulator"), QStringLiteral("The local emulator, https://localhost:8081/.")};
    const QCommandLineOption caCert{QStringLiteral("ca-cert"),
                                    QStringLiteral("A PEM CA certificate to trust."),
                                    QStringLiteral("file")};
    const QCommandLineOption theme{
        QStringLiteral("theme"),
        QStringLiteral("Colour scheme: system, light or dark (remembered, as View > Theme)."),
        QStringLiteral("name")};
    const QCommandLineOption untrusted{
        QStringLiteral("allow-untrusted-localhost"),
        QStringLiteral("Accept an untrusted certificate on localhost.")};
};

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Cosmoscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Cosmoscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COSMOSCOPE_VERSION));
}

bool asksForTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--")
            return false;
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v"
            || arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (asksForTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        QCommandLineParser parser;
        const Options options(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("cosmoscope")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.cosmoscope.Cosmoscope"));

    QCommandLineParser parser;
    const Options options(parser);
    parser.process(app);
    const QCommandLineOption &screenshot = options.screenshot;
    const QCommandLineOption &connectionString = options.connectionString;
    const QCommandLineOption &endpoint = options.endpoint;
    const QCommandLineOption &key = options.key;
    const QCommandLineOption &emulator = options.emulator;
    const QCommandLineOption &caCert = options.caCert;
    const QCommandLineOption &untrusted = options.untrusted;

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

    if (parser.isSet(options.theme)) {
        const QString theme = parser.value(options.theme).toLower();
        if (theme != QLatin1String("system") && theme != QLatin1String("light")
            && theme != QLatin1String("dark")) {
            std::fprintf(stderr, "cosmoscope: --theme is system, light or dark\n");
            return 2;
        }
        Settings().setTheme(theme);
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
    } else {
        window.restoreSession();
    }
    return app.exec();
}
