#!/usr/bin/env bash
# Release dry run (nothing can be uploaded from here): the release workflow publishes all four targets with
# publib, and dist/ holds, for each, what its publisher uploads. Run after every package:<target> task.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "release dry run: $*" >&2; exit 1; }
workflow=.github/workflows/release.yml
for publisher in npm pypi maven golang; do
  grep -q "publib-$publisher'" "$workflow" || fail "$workflow does not run publib-$publisher: check publishTo* in .projenrc.ts."
done

name=$(node -p "require('./package.json').name")
version=$(node -p "require('./package.json').version")
group=$(node -p "require('./package.json').jsii.targets.java.maven.groupId")
artifact=$(node -p "require('./package.json').jsii.targets.java.maven.artifactId")
dist_name=$(node -p "require('./package.json').jsii.targets.python.distName.replace(/-/g, '_')")
go_module=$(node -p "require('./package.json').jsii.targets.go.moduleName")

check() { # check DESCRIPTION GLOB...: each glob matches a file
  local what=$1
  shift
  for pattern in "$@"; do
    compgen -G "$pattern" > /dev/null || fail "$what: no $pattern (run npx projen package:<target>)."
    echo "release dry run: $what would upload $(compgen -G "$pattern" | head -1)"
  done
}
check "npm (publib-npm)" "dist/js/$name@$version.jsii.tgz"
check "PyPI (publib-pypi)" "dist/python/$dist_name-$version-py3-none-any.whl" "dist/python/$dist_name-$version.tar.gz"
java_dir="dist/java/${group//.//}/$artifact/$version"
check "Maven (publib-maven)" "$java_dir/$artifact-$version.pom" "$java_dir/$artifact-$version.jar" \
  "$java_dir/$artifact-$version-sources.jar" "$java_dir/$artifact-$version-javadoc.jar"
check "Go (publib-golang)" "dist/go/*/go.mod"
grep -q "^module $go_module/" dist/go/*/go.mod || fail "dist/go/*/go.mod is not a module under $go_module."
echo "release dry run: all four targets are configured and packaged"
