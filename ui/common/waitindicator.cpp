#include "waitindicator.h"
#include "icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace Cosmoscope {

WaitIndicator::WaitIndicator(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_cancel(new QToolButton(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("waitIndicator"));
    m_cancel->setObjectName(QStringLiteral("cancelWait"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setIcon(Icons::fromResource(QStringLiteral("stop")));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_cancel);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, &WaitIndicator::tick);
    connect(m_cancel, &QToolButton::clicked, this, &WaitIndicator::cancel);
    hide();
}

QObject *WaitIndicator::begin(const QString &what)
{
    end();
    m_what = what;
    m_context = new QObject(this);
    m_clock.start();
    m_timer->start();
    return m_context;
}

void WaitIndicator::end()
{
    m_timer->stop();
    hide();
    if (m_context)
        m_context->deleteLater(); // may be ending inside one of its requests' callbacks
    m_context = nullptr;
}

void WaitIndicator::tick()
{
    if (m_clock.elapsed() < m_delayMs)
        return;
    m_text->setText(tr("%1: waiting for the server… %2 s").arg(m_what).arg(m_clock.elapsed() / 1000));
    show();
}

void WaitIndicator::cancel()
{
    if (!m_context)
        return;
    delete m_context.data(); // aborts its requests; their callbacks are dropped
    m_timer->stop();
    hide();
    Q_EMIT cancelled(m_what);
}

} // namespace Cosmoscope
