#include "messagebar.h"
#include "icons.h"

#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <iterator>

namespace Cosmoscope {

using Cosmos::CosmosError;

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_details(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_closeButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::NoFrame);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("messageDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);
    m_detailsButton->setObjectName(QStringLiteral("detailsButton"));
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_closeButton->setIcon(Icons::fromResource(QStringLiteral("close")));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setToolTip(tr("Close"));

    auto top = new QHBoxLayout;
    top->addWidget(m_icon, 0, Qt::AlignTop);
    top->addWidget(m_text, 1);
    top->addWidget(m_detailsButton, 0, Qt::AlignTop);
    top->addWidget(m_closeButton, 0, Qt::AlignTop);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_details);

    connect(m_detailsButton, &QToolButton::toggled, m_details, &QLabel::setVisible);
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBar::dismiss);
    setVisible(false);
}

static std::function<void(MessageBar *)> &roleAssignmentsHandler()
{
    static std::function<void(MessageBar *)> handler;
    return handler;
}

void MessageBar::setRoleAssignmentsHandler(std::function<void(MessageBar *)> handler)
{
    roleAssignmentsHandler() = std::move(handler);
}

void MessageBar::showMessage(Type type, const QString &text, const QString &details)
{
    if (m_roleButton)
        m_roleButton->hide();
    m_type = type;
    m_text->setText(text);
    m_details->setText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    m_detailsButton->setChecked(false);
    const QStyle::StandardPixmap icon = type == Type::Error     ? QStyle::SP_MessageBoxCritical
                                        : type == Type::Warning ? QStyle::SP_MessageBoxWarning
                                                                : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(20, 20));
    update();
    setVisible(true);
}

void MessageBar::showError(const CosmosError &error, const QString &what)
{
    if (error.kind == CosmosError::Kind::Cancelled) {
        showMessage(Type::Information,
                    what.isEmpty() ? tr("Cancelled.") : what + tr(": cancelled."));
        return;
    }
    const QString text
        = what.isEmpty() ? describe(error) : what + QStringLiteral(": ") + describe(error);
    showMessage(Type::Error, text, detailsOf(error));
    if (error.status == 403 && (error.subStatus == 5301 || error.subStatus == 5300)
        && roleAssignmentsHandler()) {
        if (!m_roleButton) {
            m_roleButton = new QToolButton(this);
            m_roleButton->setObjectName(QStringLiteral("roleAssignmentsButton"));
            m_roleButton->setText(tr("Role assignments…"));
            m_roleButton->setAutoRaise(true);
            auto top = static_cast<QHBoxLayout *>(layout()->itemAt(0)->layout());
            top->insertWidget(top->count() - 1, m_roleButton, 0, Qt::AlignTop);
            connect(m_roleButton, &QToolButton::clicked, this, [this] {
                if (roleAssignmentsHandler())
                    roleAssignmentsHandler()(this);
            });
        }
        m_roleButton->show();
    }
}

void MessageBar::dismiss()
{
    setVisible(false);
    Q_EMIT dismissed();
}

QString MessageBar::text() const
{
    return m_text->text();
}

QString MessageBar::details() const
{
    return m_details->text();
}

QString MessageBar::describe(const CosmosError &error)
{
    QString hint;
    switch (error.status) {
    case 401:
        hint
            = tr(" Check the account key (it may have been regenerated) and the computer's clock.");
        break;
    case 403:
        hint = tr(" This key or token is not allowed to do that.");
        break;
    case 404:
        hint = tr(" It may have been deleted; refresh the tree (F5).");
        break;
    case 409:
        hint = tr(" Choose another id.");
        break;
    case 412:
        hint = tr(" Someone else changed it since it was loaded.");
        break;
    case 429:
        hint = tr(" The account is throttling; try again in a moment or raise its throughput.");
        break;
    default:
        break;
    }
    return error.toString() + hint;
}

QString MessageBar::detailsOf(const CosmosError &error)
{
    QStringList lines;
    if (error.status)
        lines << tr("Status: %1").arg(error.status);
    if (error.subStatus)
        lines << tr("Substatus: %1").arg(error.subStatus);
    if (!error.code.isEmpty())
        lines << tr("Code: %1").arg(error.code);
    if (!error.activityId.isEmpty())
        lines << tr("Activity id: %1").arg(error.activityId);
    if (error.requestCharge > 0)
        lines << tr("Request charge: %1 RU").arg(error.requestCharge);
    static const char *const kinds[] = {"none",    "invalid input", "service",
                                        "connection", "timeout",    "TLS",
                                        "cancelled", "damaged response", "redirect"};
    static_assert(std::size(kinds) == int(Cosmos::CosmosError::Kind::Redirected) + 1,
                  "a name for every kind");
    lines << tr("Kind: %1").arg(QLatin1String(kinds[int(error.kind)]));
    if (error.outcomeUnknown)
        lines << tr("The write may or may not have been applied: check before retrying.");
    return lines.join(QLatin1Char('\n'));
}

static QColor accentOf(MessageBar::Type type)
{
    switch (type) {
    case MessageBar::Type::Error:
        return QColor(0xda, 0x44, 0x53);
    case MessageBar::Type::Warning:
        return QColor(0xf6, 0x74, 0x00);
    case MessageBar::Type::Information:
        break;
    }
    return QColor(0x3d, 0xae, 0xe9);
}

QColor MessageBar::backgroundColor() const
{
    // The window's colour tinted with the message's accent (as KMessageWidget), as strongly
    // as the text (labels and the Details button) keeps 4.5:1 on it, in light and dark.
    const QColor window = palette().color(QPalette::Window);
    const QColor accent = accentOf(m_type);
    for (double amount = 0.2; amount > 0.0; amount -= 0.04) {
        const QColor tinted = Theme::mix(window, accent, amount);
        if (Theme::contrastRatio(palette().color(QPalette::WindowText), tinted) >= 4.6
            && Theme::contrastRatio(palette().color(QPalette::ButtonText), tinted) >= 4.6) {
            return tinted;
        }
    }
    return window;
}

void MessageBar::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    // Painted from the palette each time: a theme switch repaints it in the new colours.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(accentOf(m_type), 1));
    painter.setBrush(backgroundColor());
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace Cosmoscope
