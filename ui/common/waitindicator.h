#pragma once

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTimer;
class QToolButton;
QT_END_NAMESPACE

namespace Cosmoscope {

/// "Waiting for the server… 5 s  [Cancel]", shown once an operation has taken longer than a
/// moment. The operation's requests use the context object begin() returns: Cancel deletes it,
/// which aborts them and drops their callbacks.
class WaitIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit WaitIndicator(QWidget *parent = nullptr);

    /// Starts waiting for `what` ("Saving item p1"); the context lives until end() or Cancel.
    QObject *begin(const QString &what);
    /// The operation answered: hides the indicator.
    void end();
    bool isActive() const { return !m_context.isNull(); }
    void setDelay(int ms) { m_delayMs = ms; }
    QToolButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    /// The user cancelled; the operation's requests are aborted and will not answer.
    void cancelled(const QString &what);

private:
    void tick();
    void cancel();

    QLabel *m_text;
    QToolButton *m_cancel;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    QPointer<QObject> m_context;
    QString m_what;
    int m_delayMs = 2000;
};

} // namespace Cosmoscope
