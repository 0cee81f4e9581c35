#include "aboutdialog.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Cosmoscope {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Cosmoscope"));
    auto title = new QLabel(tr("<h2>Cosmoscope %1</h2>"
                               "<p>A desktop data explorer for Azure Cosmos DB (NoSQL API).</p>"
                               "<p>Released under the MIT licence. Cosmoscope uses the "
                               "libraries below, under their own licences.</p>")
                                .arg(QCoreApplication::applicationVersion()),
                            this);
    title->setWordWrap(true);
    auto notices = new QPlainTextEdit(thirdPartyNotices(), this);
    notices->setObjectName(QStringLiteral("thirdPartyNotices"));
    notices->setReadOnly(true);
    notices->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(notices, 1);
    layout->addWidget(buttons);
    resize(640, 480);
}

QString AboutDialog::thirdPartyNotices()
{
    QFile file(QStringLiteral(":/THIRD-PARTY-NOTICES"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace Cosmoscope
