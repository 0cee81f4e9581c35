#include "application.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cosmoscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    Cli::Application cli;
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    // Start inside the event loop, so that every command ends through QCoreApplication::exit().
    QTimer::singleShot(0, &cli, [&cli, args] { cli.start(args); });
    return app.exec();
}
