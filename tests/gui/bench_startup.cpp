// Benchmark (not in the default test run): start-up. Does what the program's main() does
// (QApplication, MainWindow, show) with 20 saved connections, offscreen, and prints the time
// from the process's start (the kernel's start time, 10 ms resolution) and from main() to the
// first painted frame, and to the first idle turn of the event loop after it. Run it twice:
// the first run may read the libraries from disk. No timing assertions.

#include "guitestsupport.h"

#include <mainwindow.h>
#include <settings.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <unistd.h>

using namespace Cosmoscope;

/// Milliseconds since this process started, from /proc (field 22 is the start time in ticks
/// since boot) and CLOCK_BOOTTIME.
static double sinceProcessStartMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 counted from 1, after pid and comm
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (now.tv_sec + now.tv_nsec / 1e9 - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

/// Notes the first paint of the window.
class PaintWatch : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject *, QEvent *event) override
    {
        painted = painted || event->type() == QEvent::Paint;
        return false;
    }
};

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    prepareGuiTest();
    {
        Settings settings;
        for (int i = 0; i < 20; ++i) {
            SavedConnection c;
            c.id = QStringLiteral("bench-%1").arg(i);
            c.name = QStringLiteral("Account %1").arg(i);
            c.endpoint = QStringLiteral("https://account-%1.documents.azure.com:443/").arg(i);
            settings.saveConnection(c);
        }
    }
    const qint64 settingsMs = sinceMain.elapsed();

    MainWindow window;
    PaintWatch watch;
    window.installEventFilter(&watch);
    window.resize(1280, 800);
    window.show();
    while (!watch.painted && sinceMain.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double paintedProcess = sinceProcessStartMs();
    const qint64 paintedMain = sinceMain.elapsed();
    // The first idle turn: a zero timer fires once everything pending has been handled.
    bool idle = false;
    QTimer::singleShot(0, &app, [&] { idle = true; });
    while (!idle)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    std::printf("start-up: first frame %.0f ms after the process started (%lld ms after main(), "
                "of which %lld ms writing 20 saved connections); idle after %.0f ms "
                "(goal < 500 ms)\n",
                paintedProcess, paintedMain, settingsMs, sinceProcessStartMs());
    return 0;
}
