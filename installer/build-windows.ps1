# Build CoachDesk for Windows: the one-folder app, then the per-user installer.
# Run from anywhere, in PowerShell, on a Windows 10/11 x64 machine with Python 3.11 (x64)
# and Inno Setup 6 installed:
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
# Output: dist\CoachDesk\ (portable folder), dist\CoachDesk-VERSION-windows-x64.zip and
# dist\CoachDesk-VERSION-setup.exe. See installer\README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
$py = ".venv\Scripts\python.exe"
& $py -m pip install -q --disable-pip-version-check ".[test]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
$env:QT_QPA_PLATFORM = "offscreen"
& $py installer\make_assets.py build          # icons (.png, .ico) and version data
if ($LASTEXITCODE -ne 0) { throw "making the icons failed" }
Remove-Item Env:\QT_QPA_PLATFORM
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist `
    --workpath build\pyinstaller installer\coachdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
& dist\CoachDesk\coachdesk-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed" }
$version = & $py -c "import coachdesk; print(coachdesk.__version__)"
Compress-Archive -Force -Path dist\CoachDesk -DestinationPath "dist\CoachDesk-$version-windows-x64.zip"
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" installer\coachdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "Built dist\CoachDesk-$version-setup.exe and dist\CoachDesk-$version-windows-x64.zip"
