#include "conflictdialog.h"

#include "codeeditor.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace Cosmoscope {

ConflictDialog::ConflictDialog(const QString &yourText, QWidget *parent)
    : QDialog(parent)
    , m_server(new JsonEditor(this))
    , m_yours(new JsonEditor(this))
    , m_serverLabel(new QLabel(tr("Current version on the server (loading…)"), this))
    , m_overwrite(new QPushButton(tr("&Overwrite with my edit"), this))
    , m_reload(new QPushButton(tr("&Reload server version"), this))
    , m_keep(new QPushButton(tr("&Keep editing"), this))
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("The item was changed by someone else"));
    m_server->setReadOnly(true);
    m_server->setObjectName(QStringLiteral("serverVersion"));
    m_yours->setObjectName(QStringLiteral("yourVersion"));
    m_yours->setText(yourText);
    m_overwrite->setEnabled(false);
    m_reload->setEnabled(false);
    m_keep->setDefault(true);

    auto explanation = new QLabel(
        tr("The item changed on the server since you loaded it (412 Precondition failed). "
           "Your edit is kept: compare, then overwrite the server version, reload it (your edit "
           "is dropped), or keep editing."),
        this);
    explanation->setWordWrap(true);
    auto buttons = new QDialogButtonBox(this);
    buttons->addButton(m_overwrite, QDialogButtonBox::DestructiveRole);
    buttons->addButton(m_reload, QDialogButtonBox::ResetRole);
    buttons->addButton(m_keep, QDialogButtonBox::RejectRole);

    auto layout = new QGridLayout(this);
    layout->addWidget(explanation, 0, 0, 1, 2);
    layout->addWidget(m_serverLabel, 1, 0);
    layout->addWidget(new QLabel(tr("Your edit"), this), 1, 1);
    layout->addWidget(m_server, 2, 0);
    layout->addWidget(m_yours, 2, 1);
    layout->addWidget(buttons, 3, 0, 1, 2);
    layout->setRowStretch(2, 1);
    resize(1000, 600);

    connect(m_overwrite, &QPushButton::clicked, this, [this] { done(Overwrite); });
    connect(m_reload, &QPushButton::clicked, this, [this] { done(Reload); });
    connect(m_keep, &QPushButton::clicked, this, [this] { done(KeepEditing); });
}

void ConflictDialog::setServerVersion(const QJsonObject &item, const QString &text,
                                      const QByteArray &raw)
{
    m_serverText = raw;
    m_serverItem = item;
    m_server->setText(text);
    const QString etag = item.value(QStringLiteral("_etag")).toString();
    m_serverLabel->setText(etag.isEmpty()
                               ? tr("Current version on the server")
                               : tr("Current version on the server (etag %1)").arg(etag));
    m_overwrite->setEnabled(true);
    m_reload->setEnabled(true);
}

void ConflictDialog::setServerError(const QString &message)
{
    m_serverLabel->setText(tr("The server version could not be read: %1").arg(message));
    m_overwrite->setEnabled(false);
    m_reload->setEnabled(false);
}

QString ConflictDialog::yourText() const
{
    return m_yours->text();
}

} // namespace Cosmoscope
