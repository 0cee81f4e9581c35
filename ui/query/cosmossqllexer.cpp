#include "cosmossqllexer.h"

#include <QFile>
#include <QFontDatabase>

static void initCosmoscopeResources()
{
    Q_INIT_RESOURCE(cosmoscope);
}

namespace Cosmoscope {

static QStringList readLines(const QString &resource)
{
    initCosmoscopeResources();
    QFile file(resource);
    QStringList lines;
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    const QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : all) {
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    }
    return lines;
}

const QStringList &CosmosSqlLexer::keywordList()
{
    static const QStringList list = readLines(QStringLiteral(":/cosmos-sql-keywords.txt"));
    return list;
}

const QStringList &CosmosSqlLexer::functionSignatures()
{
    static const QStringList list = readLines(QStringLiteral(":/cosmos-sql-functions.txt"));
    return list;
}

QStringList CosmosSqlLexer::functionNames()
{
    QStringList names;
    for (const QString &signature : functionSignatures())
        names << signature.section(QLatin1Char('('), 0, 0);
    return names;
}

CosmosSqlLexer::CosmosSqlLexer(QObject *parent)
    : QsciLexerSQL(parent)
{
    m_keywords = keywordList().join(QLatin1Char(' ')).toLower().toUtf8();
    m_functions = functionNames().join(QLatin1Char(' ')).toLower().toUtf8();
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setDefaultFont(font);
    for (int style = 0; style <= QuotedOperator; ++style)
        setFont(font, style);
    QFont bold = font;
    bold.setBold(true);
    setFont(bold, Keyword);
    setColor(QColor(0x00, 0x33, 0xb3), Keyword);
    setColor(QColor(0x87, 0x10, 0x94), KeywordSet5);
    setColor(QColor(0x06, 0x7d, 0x17), SingleQuotedString);
    setColor(QColor(0x06, 0x7d, 0x17), DoubleQuotedString);
    setColor(QColor(0x8c, 0x8c, 0x8c), Comment);
    setColor(QColor(0x8c, 0x8c, 0x8c), CommentLine);
    setColor(QColor(0x17, 0x50, 0xeb), Number);
    setBackslashEscapes(true);
}

const char *CosmosSqlLexer::language() const
{
    return "Cosmos SQL";
}

const char *CosmosSqlLexer::keywords(int set) const
{
    if (set == 1)
        return m_keywords.constData();
    if (set == 5)
        return m_functions.constData();
    return nullptr;
}

} // namespace Cosmoscope
