#pragma once

// The screenshot tour's shooting and waiting (a tool, not a test): names the files
// <theme>-<size>-<nn>-<screen>.png and writes one line per shot to sizes.txt (the widget's
// size and its minimum size hint, flagged when the hint does not fit the pass's size).

#include <QFile>
#include <QSize>
#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

class GatewayProcess;

namespace Cosmoscope {
class AccountSession;
class ItemsTab;
class MainWindow;
} // namespace Cosmoscope

class ShotTour
{
public:
    explicit ShotTour(const QString &dir);

    void beginPass(const QString &theme, QSize size);
    QSize size() const { return m_size; }

    /// Saves `widget` as it is (the main window, a tab).
    void shot(QWidget *widget, const QString &screen);
    /// A dialog: at its own size, never larger than the pass's size; `fill`: resizable
    /// dialogs with a list or editor are shot at the pass's full size.
    void shotDialog(QWidget *dialog, const QString &screen, bool fill = false);

    static void settle(int ms = 400);
    static bool waitFor(const std::function<bool()> &condition, int ms = 15000);

private:
    QString m_dir;
    QString m_tag;
    QSize m_size;
    int m_number = 0;
    QFile m_log;
};

namespace Tour {
/// Connection dialog: each kind, and the Entra browser and device-code pages.
void connectionDialogs(ShotTour &tour, Cosmoscope::MainWindow *window,
                       const GatewayProcess &gateway);
/// Items tab: selection, filter, an item with a JSON error, message bars, a save conflict.
void items(ShotTour &tour, Cosmoscope::MainWindow *window, Cosmoscope::ItemsTab *items);
/// Query tab: a run, an error underlined, metrics, the Load-all warning; export.
void query(ShotTour &tour, Cosmoscope::MainWindow *window, Cosmoscope::AccountSession *session,
           Cosmoscope::ItemsTab *items);
/// Schema tab and the request log dock.
void schemaAndLog(ShotTour &tour, Cosmoscope::MainWindow *window,
                  Cosmoscope::AccountSession *session);
/// Properties, create dialogs, throughput, scripts, users, settings, change feed, conflicts.
void admin(ShotTour &tour, Cosmoscope::MainWindow *window, Cosmoscope::AccountSession *session);
/// Help › Keyboard shortcuts and About.
void help(ShotTour &tour, Cosmoscope::MainWindow *window);
/// An Entra account's role assignments dialog (the gateway runs with --entra).
void roleAssignments(ShotTour &tour, Cosmoscope::MainWindow *window,
                     const GatewayProcess &gateway);
} // namespace Tour
