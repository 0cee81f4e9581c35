#include "application.h"

#include <QCoreApplication>
#include <QThreadPool>
#include <QTimer>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cosmoscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COSMOSCOPE_VERSION));
    int exitCode = 0;
    {
        Cli::Application cli;
        QStringList args = QCoreApplication::arguments();
        args.removeFirst();
        // Start inside the event loop, so that every command ends through QCoreApplication::exit().
        QTimer::singleShot(0, &cli, [&cli, args] { cli.start(args); });
        exitCode = app.exec();
    } // the client, its QNetworkAccessManager and that manager's thread end here
    // A command can end while a large response is still being parsed on the global thread pool
    // (CosmosClient parses bodies over 64 KiB there). Let those tasks finish, then delete the
    // objects they released with deleteLater(): with no event loop left, nothing else would.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return exitCode;
}
